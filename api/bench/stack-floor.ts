import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import express from 'express';
import serverless from 'serverless-http';

/**
 * The cold-start bench's second floor: the stack the product prescribes for the Lambda
 * (Express 5 wrapped by serverless-http, the AWS SDK v3 SageMaker runtime client) with nothing
 * of ours: one JSON route that sends a fixed 46-feature CSV row to InvokeEndpoint and answers
 * the score. Bundled, loaded and code-cached exactly as the API's Lambda bundle, so the
 * difference between the two is what our own code costs at start.
 */
const WIDTH = 46;
const ROW = `${new Array(WIDTH).fill('0').join(',')}\n`;

const client = new SageMakerRuntimeClient({
  region: process.env.AWS_REGION,
  endpoint: process.env.SAGEMAKER_ENDPOINT_URL,
  // The stub ignores signatures; the SDK still needs something to sign with.
  credentials: { accessKeyId: 'stub', secretAccessKey: 'stub' },
  maxAttempts: 1,
});

const app = express();
app.post('/predict', express.json({ limit: '1mb' }), async (req, res, next) => {
  // The warm-up's local-predictor pass has no endpoint: never let it reach real AWS.
  if (!process.env.SAGEMAKER_ENDPOINT_URL) {
    res.status(503).json({ error: 'SAGEMAKER_ENDPOINT_URL is not set' });
    return;
  }
  try {
    const output = await client.send(
      new InvokeEndpointCommand({
        EndpointName: process.env.SAGEMAKER_ENDPOINT_NAME,
        ContentType: 'text/csv',
        Body: Buffer.from(ROW),
      }),
    );
    res.json({ churn_probability: Number(Buffer.from(output.Body ?? []).toString('utf8')) });
  } catch (error) {
    next(error);
  }
});

export const handler = serverless(app, { basePath: '/v1' });
