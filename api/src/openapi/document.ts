import { FIELD_NAMES, FIELDS } from '@telco-churn/core/fields';
import { customerSchema } from '@telco-churn/core/schema';
import { OUTCOMES_BODY_LIMIT } from '../routes/outcomes';
import { MAX_BATCH, batchSchema } from '../routes/predict';
import { RISK_LEVELS } from '@telco-churn/core/contracts';
import { OpenApiSchema, joiToOpenApi } from './joi-to-openapi';
import { responseSchemas } from './responses';
import { retentionPaths, retentionSchemas } from './retention';

export const EXAMPLE_CUSTOMER = {
  gender: 'Female',
  seniorCitizen: 'No',
  partner: 'Yes',
  dependents: 'No',
  tenure: 1,
  contract: 'Month-to-month',
  paperlessBilling: 'Yes',
  paymentMethod: 'Electronic check',
  monthlyCharges: 29.85,
  totalCharges: 29.85,
  phoneService: 'No',
  multipleLines: 'No phone service',
  internetService: 'DSL',
  onlineSecurity: 'No',
  onlineBackup: 'Yes',
  deviceProtection: 'No',
  techSupport: 'No',
  streamingTV: 'No',
  streamingMovies: 'No',
} as const;

/** The joi schema gives types and rules; the field table adds titles, descriptions and units. */
function customerComponent(): OpenApiSchema {
  const schema = joiToOpenApi(customerSchema());
  for (const name of FIELD_NAMES) {
    const property = schema.properties?.[name];
    if (!property) continue;
    const spec = FIELDS[name];
    property.title = spec.label;
    const unit = spec.kind === 'category' ? '' : ` (${spec.unit})`;
    property.description = [`${spec.description}${unit}`, property.description].filter(Boolean).join(' ');
  }
  schema.description =
    'One customer: all 19 fields, no others. Types are strict ("42" is not a number). ' +
    'phoneService "No" goes with multipleLines "No phone service" and only then; internetService ' +
    '"No" goes with all six add-ons "No internet service" and only then.';
  schema.example = EXAMPLE_CUSTOMER;
  return schema;
}

const ref = (name: string): OpenApiSchema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: OpenApiSchema, example?: unknown) => ({
  'application/json': example === undefined ? { schema } : { schema, example },
});
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });

const PREDICT_ERRORS = {
  '400': errorResponse('The body is not valid JSON.'),
  '413': errorResponse('The body is larger than the configured limit (BODY_LIMIT).'),
  '415': errorResponse('The body is not sent as application/json.'),
  '422': errorResponse('The JSON is not a valid request; `details` names each field.'),
  '502': errorResponse('The model endpoint answered with an error or an unreadable body.'),
  '503': errorResponse('The model endpoint is not ready yet; retry after `Retry-After` seconds.'),
  '504': errorResponse('The model endpoint did not answer in time.'),
  '500': errorResponse('An unexpected failure; the request id identifies it in the logs.'),
};

/** The OpenAPI 3.0 document of the API, built once at start-up. */
export function openApiDocument(info: { version: string; modelVersion: string }) {
  const batch = joiToOpenApi(batchSchema);
  if (batch.properties?.customers) batch.properties.customers.items = ref('Customer');
  batch.description = `1 to ${MAX_BATCH} customers, scored in one call; each is validated on its own.`;
  return {
    openapi: '3.0.3',
    info: {
      title: 'Telco Churn Prediction API',
      version: info.version,
      description:
        `Predicts whether a telecom customer will churn (model ${info.modelVersion}). ` +
        `risk_level: low below ${RISK_LEVELS.medium}, medium from ${RISK_LEVELS.medium}, high from ${RISK_LEVELS.high}. ` +
        'Every error has the shape `{"error": {"code", "message", "request_id", "details"?}}`; ' +
        'every response carries `X-Request-Id`.',
    },
    paths: {
      '/health': {
        get: {
          summary: 'Liveness, predictor kind and model version (never calls the model endpoint)',
          responses: { '200': { description: 'The API is up.', content: json(ref('Health')) } },
        },
      },
      '/predict': {
        post: {
          summary: 'Churn prediction for one customer',
          requestBody: { required: true, content: json(ref('Customer'), EXAMPLE_CUSTOMER) },
          responses: {
            '200': { description: 'The prediction.', content: json(ref('Prediction')) },
            ...PREDICT_ERRORS,
          },
        },
      },
      '/predict/batch': {
        post: {
          summary: `Churn predictions for 1 to ${MAX_BATCH} customers`,
          description:
            'Results come in input order. An invalid customer is reported by its index with its errors ' +
            'and does not stop the valid ones; when none is valid the answer is 422.',
          requestBody: {
            required: true,
            content: json(ref('BatchRequest'), {
              customers: [EXAMPLE_CUSTOMER, { ...EXAMPLE_CUSTOMER, tenure: -1 }],
            }),
          },
          responses: {
            '200': { description: 'One result per customer.', content: json(ref('BatchResponse')) },
            ...PREDICT_ERRORS,
          },
        },
      },
      '/outcomes': {
        post: {
          summary: 'What became of scored customers: 1 to 10,000 outcomes by prediction_id',
          description:
            'Stored beside the prediction log for `npm run monitor`. Each outcome is checked on its own; ' +
            'bad ones are reported by index. 422 when none is valid.',
          requestBody: {
            required: true,
            content: json(ref('OutcomesRequest'), {
              outcomes: [
                { prediction_id: '01KBT3M6Z8QF7J6W2ZB9X4C1DE', churned: true, observed_at: '2026-12-31' },
              ],
            }),
          },
          responses: {
            '202': {
              description: 'Counts of accepted and rejected outcomes.',
              content: json(ref('OutcomesResponse')),
            },
            '422': PREDICT_ERRORS['422'],
            '400': PREDICT_ERRORS['400'],
            '413': errorResponse(
              `The body is larger than ${OUTCOMES_BODY_LIMIT}, this route's own limit whatever BODY_LIMIT says.`,
            ),
            '415': PREDICT_ERRORS['415'],
          },
        },
      },
      ...retentionPaths(json, PREDICT_ERRORS, EXAMPLE_CUSTOMER),
      '/model': {
        get: {
          summary: 'Model card: version, training date, threshold, risk bands, features, fields, metrics',
          responses: { '200': { description: 'The model card.', content: json(ref('ModelCard')) } },
        },
      },
      '/openapi.json': {
        get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.0 document.' } } },
      },
      '/docs': {
        get: {
          summary: 'Swagger UI for this document',
          responses: { '200': { description: 'An HTML page.' } },
        },
      },
    },
    components: {
      schemas: {
        Customer: customerComponent(),
        BatchRequest: batch,
        ...responseSchemas(),
        ...retentionSchemas(),
      },
    },
  };
}
