import { FIELD_NAMES } from '@telco-churn/core/fields';
import { RISK_LEVELS } from '@telco-churn/core/contracts';
import type { OpenApiSchema } from './joi-to-openapi';

export const ref = (name: string): OpenApiSchema => ({ $ref: `#/components/schemas/${name}` });

/** The id the prediction log keeps each score under (also on /retention and /campaign answers). */
export const predictionId: OpenApiSchema = {
  type: 'string',
  pattern: '^[0-9A-HJKMNP-TV-Z]{26}$',
  description: 'Unique, sorts by time (ULID); send it back with the outcome to POST /outcomes.',
};

export const object = (
  properties: Record<string, OpenApiSchema>,
  required = Object.keys(properties),
): OpenApiSchema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
export const probability: OpenApiSchema = { type: 'number', minimum: 0, maximum: 1 };

/** The shapes the API answers with, as OpenAPI schemas (the TypeScript types are @telco-churn/core/contracts). */
export function responseSchemas(): Record<string, OpenApiSchema> {
  const fieldError = object({
    field: { type: 'string', description: 'The field at fault, e.g. `tenure` or `customers.3.tenure`.' },
    message: { type: 'string' },
  });
  return {
    FieldError: fieldError,
    Error: object({
      error: object(
        {
          code: { type: 'string', example: 'validation_failed' },
          message: { type: 'string' },
          request_id: { type: 'string' },
          details: { type: 'array', items: ref('FieldError') },
        },
        ['code', 'message', 'request_id'],
      ),
    }),
    Factor: object({
      field: { type: 'string', enum: [...FIELD_NAMES] },
      label: { type: 'string' },
      value: { oneOf: [{ type: 'string' }, { type: 'number' }] },
      effect: {
        type: 'number',
        description: 'Signed log-odds contribution (TreeSHAP) folded onto the field.',
      },
      direction: { type: 'string', enum: ['raises', 'lowers'] },
    }),
    Prediction: object({
      churn_probability: probability,
      will_churn: { type: 'boolean', description: 'churn_probability >= threshold' },
      threshold: probability,
      risk_level: {
        type: 'string',
        enum: ['low', 'medium', 'high'],
        description: `low < ${RISK_LEVELS.medium} <= medium < ${RISK_LEVELS.high} <= high`,
      },
      model_version: { type: 'string' },
      top_factors: { type: 'array', maxItems: 5, items: ref('Factor') },
      prediction_id: predictionId,
    }),
    BatchResponse: object({
      model_version: { type: 'string' },
      threshold: probability,
      summary: object({
        total: { type: 'integer' },
        scored: { type: 'integer' },
        failed: { type: 'integer' },
      }),
      results: {
        type: 'array',
        items: object(
          {
            index: { type: 'integer', minimum: 0 },
            ok: { type: 'boolean' },
            prediction: ref('Prediction'),
            errors: { type: 'array', items: ref('FieldError') },
          },
          ['index', 'ok'],
        ),
      },
    }),
    OutcomesRequest: object({
      outcomes: {
        type: 'array',
        minItems: 1,
        maxItems: 10_000,
        items: object(
          {
            prediction_id: { type: 'string', pattern: '^[0-9A-HJKMNP-TV-Z]{26}$' },
            churned: { type: 'boolean' },
            observed_at: {
              type: 'string',
              description: 'ISO 8601 date or time; when it was received otherwise.',
            },
          },
          ['prediction_id', 'churned'],
        ),
      },
    }),
    OutcomesResponse: object({
      accepted: { type: 'integer' },
      rejected: { type: 'integer' },
      errors: {
        type: 'array',
        items: object({
          index: { type: 'integer', minimum: 0 },
          errors: { type: 'array', items: ref('FieldError') },
        }),
      },
    }),
    Health: object({
      status: { type: 'string', enum: ['ok'] },
      predictor: { type: 'string', enum: ['local', 'sagemaker'] },
      model_version: { type: 'string' },
    }),
    ModelCard: object({
      model_version: { type: 'string' },
      created_at: { type: 'string', nullable: true },
      threshold: probability,
      risk_levels: object({ medium: probability, high: probability }),
      features: { type: 'array', items: { type: 'string' } },
      fields: { type: 'array', items: { type: 'object' } },
      metrics: { type: 'object', nullable: true, description: 'metrics.json written by training, or null.' },
    }),
  };
}
