import { Writable } from 'node:stream';
import { FirehoseClient, PutRecordBatchCommand, PutRecordBatchCommandInput } from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import { FIELD_NAMES } from '@telco-churn/core/fields';
import { createLambdaHandler, HttpApiEvent } from '../../lambda/handler';
import { customers } from '../../__tests__/fixtures';

const firehose = mockClient(FirehoseClient);
const ENV = {
  PREDICTOR: 'local',
  PREDICTION_LOG: 'firehose',
  FIREHOSE_PREDICTIONS_STREAM: 'churn-test-predictions',
  FIREHOSE_OUTCOMES_STREAM: 'churn-test-outcomes',
  AWS_REGION: 'eu-central-1',
  LOG_LEVEL: 'warn',
};

const event = (body: unknown): HttpApiEvent => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: '/v1/predict/batch',
  rawQueryString: '',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
  isBase64Encoded: false,
  requestContext: {
    requestId: 'gw-1',
    stage: 'v1',
    http: { method: 'POST', path: '/v1/predict/batch', sourceIp: '203.0.113.7' },
  },
});

describe('the API Lambda with PREDICTION_LOG=firehose', () => {
  it("sends the invocation's prediction records before it returns, one per customer, binned", async () => {
    firehose.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => ({
      FailedPutCount: 0,
      RequestResponses: (input.Records ?? []).map(() => ({ RecordId: 'r' })),
    }));
    const handler = createLambdaHandler(ENV as unknown as NodeJS.ProcessEnv, {
      logStream: new Writable({ write: (_c, _e, done) => done() }),
    });
    const batch = customers(3);
    const result = await handler(event({ customers: batch }));
    expect(result.statusCode).toBe(200);
    const calls = firehose.commandCalls(PutRecordBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.DeliveryStreamName)).toEqual(['churn-test-predictions']);
    const records = (calls[0].Records ?? [])
      .flatMap((r) => new TextDecoder().decode(r.Data).trimEnd().split('\n'))
      .map((line) => JSON.parse(line));
    const answered = JSON.parse(result.body).results.map(
      (r: { prediction: { prediction_id: string } }) => r.prediction.prediction_id,
    );
    expect(records.map((r) => r.prediction_id)).toEqual(answered);
    expect(Object.keys(records[0].fields).sort()).toEqual([...FIELD_NAMES].sort());
    // Numeric fields are bin labels, never the customer's raw charges.
    for (const r of records) expect(r.fields.monthlyCharges).toMatch(/^[[(].*,.*[)]$/);
  });
});
