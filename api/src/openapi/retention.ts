import { economicsOverride, offerSchema } from '@telco-churn/core/retention/catalogue';
import {
  CAMPAIGN_BODY_LIMIT,
  DEFAULT_HOLDOUT,
  MAX_CAMPAIGN,
  campaignSchema,
  retentionSchema,
} from '../routes/retention';
import { OpenApiSchema, joiToOpenApi } from './joi-to-openapi';
import { object, predictionId, probability, ref } from './responses';

const money = (description: string): OpenApiSchema => ({ type: 'number', description });
const ESTIMATE = 'Model-based estimates, not causal effects.';

/** Request and response shapes of /retention and /campaign, from the joi schemas where there are some. */
export function retentionSchemas(): Record<string, OpenApiSchema> {
  const economics = joiToOpenApi(economicsOverride);
  economics.description =
    'Economic assumptions; each key given replaces the shipped default (GET /retention/assumptions).';
  const offer = joiToOpenApi(offerSchema);
  offer.description =
    'A retention offer: the actionable fields it sets, a discount on monthlyCharges, its cost and assumed acceptance rate.';
  const offers: OpenApiSchema = {
    type: 'array',
    minItems: 1,
    maxItems: 20,
    items: ref('Offer'),
    description: 'Replaces the whole shipped catalogue.',
  };

  const retentionRequest = joiToOpenApi(retentionSchema);
  retentionRequest.properties = { customer: ref('Customer'), economics: ref('Economics'), offers };
  const campaignRequest = joiToOpenApi(campaignSchema);
  Object.assign(campaignRequest.properties ?? {}, {
    customers: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_CAMPAIGN,
      items: ref('Customer'),
      description: `1 to ${MAX_CAMPAIGN} customers (body up to ${CAMPAIGN_BODY_LIMIT}); each may add "customerID" (1 to 64 characters), echoed in the answer.`,
    },
    economics: ref('Economics'),
    offers,
  });
  campaignRequest.description = `holdout_fraction defaults to ${DEFAULT_HOLDOUT}; without a seed one is drawn and answered in summary.seed.`;

  const fieldErrors: OpenApiSchema = { type: 'array', items: ref('FieldError') };
  return {
    Economics: economics,
    Offer: offer,
    RetentionRequest: retentionRequest,
    CampaignRequest: campaignRequest,
    OfferValue: object({
      id: { type: 'string', description: 'An offer id, or two joined by "+" for a pair.' },
      label: { type: 'string' },
      changes: {
        type: 'object',
        description: 'Field → new value: send the customer with these to /predict to check.',
      },
      churn_probability_after: probability,
      risk_reduction: { type: 'number' },
      acceptance_rate: probability,
      cost: money('Committed if accepted: contact + one-off + (monthly cost + discount) × horizon.'),
      expected_cost: money(
        'Contact + acceptance × (one-off + (1 − p_after) × (monthly cost + discount) × horizon).',
      ),
      expected_net_value: money(
        `acceptance × (p − p_after) × monthly margin × horizon − expected cost. ${ESTIMATE}`,
      ),
    }),
    RetentionResponse: object({
      prediction_id: predictionId,
      churn_probability: probability,
      value_at_risk: money(`churn probability × monthly margin × horizon. ${ESTIMATE}`),
      customer_value: object({ monthly_margin: { type: 'number' }, horizon_months: { type: 'integer' } }),
      offers: {
        type: 'array',
        items: ref('OfferValue'),
        description: 'Best first; pairs of compatible offers included.',
      },
      skipped: { type: 'array', items: object({ id: { type: 'string' }, reason: { type: 'string' } }) },
      best_offer: {
        type: 'string',
        nullable: true,
        description: 'null when no offer has a positive expected net value.',
      },
      economics: ref('Economics'),
      model_version: { type: 'string' },
    }),
    Assumptions: object({
      economics: ref('Economics'),
      offers: { type: 'array', items: ref('Offer') },
      pairs: { type: 'array', items: { type: 'string' }, description: 'The compatible pairs, scored too.' },
    }),
    CampaignResponse: object({
      model_version: { type: 'string' },
      summary: object({
        total: { type: 'integer' },
        valid: { type: 'integer' },
        invalid: { type: 'integer' },
        budget: { type: 'number', nullable: true },
        capacity: { type: 'integer', nullable: true },
        holdout_fraction: { type: 'number' },
        selected: {
          type: 'integer',
          description: 'Treatment and holdout: what budget and capacity were spent on.',
        },
        treatment: { type: 'integer' },
        holdout: { type: 'integer' },
        total_cost: money('Committed cost of the treatment group.'),
        expected_net_value: money(`Of the treatment group. ${ESTIMATE}`),
        selected_cost: money('Committed cost of all the selected; never over the budget.'),
        seed: { type: 'integer' },
      }),
      economics: ref('Economics'),
      customers: {
        type: 'array',
        description: 'Every valid customer, ranked by expected net value.',
        items: object(
          {
            prediction_id: predictionId,
            index: { type: 'integer', minimum: 0 },
            customerID: { type: 'string' },
            churn_probability: probability,
            value_at_risk: { type: 'number' },
            best_offer: { type: 'string', nullable: true },
            expected_net_value: { type: 'number' },
            cost: { type: 'number' },
            selected: { type: 'boolean' },
            group: { type: 'string', enum: ['treatment', 'holdout', 'none'] },
          },
          [
            'prediction_id',
            'index',
            'churn_probability',
            'value_at_risk',
            'best_offer',
            'expected_net_value',
            'cost',
            'selected',
            'group',
          ],
        ),
      },
      invalid: {
        type: 'array',
        items: object({ index: { type: 'integer' }, customerID: { type: 'string' }, errors: fieldErrors }, [
          'index',
          'errors',
        ]),
      },
    }),
  };
}

type Json = (schema: OpenApiSchema, example?: unknown) => Record<string, unknown>;

/** The three paths, with the error responses the prediction routes document. */
export function retentionPaths(
  json: Json,
  errors: Record<string, unknown>,
  example: Record<string, unknown>,
) {
  return {
    '/retention': {
      post: {
        summary:
          'Value at risk and the exact what-if of every retention offer (and compatible pair) for one customer',
        description: `Each churn_probability_after is exactly what POST /predict answers for the customer with the offer's changes. ${ESTIMATE}`,
        requestBody: { required: true, content: json(ref('RetentionRequest'), { customer: example }) },
        responses: {
          '200': {
            description: 'Offers ranked by expected net value.',
            content: json(ref('RetentionResponse')),
          },
          ...errors,
        },
      },
    },
    '/retention/assumptions': {
      get: {
        summary: 'The shipped economics and offers catalogue (retention.json) and the compatible pairs',
        responses: { '200': { description: 'The defaults.', content: json(ref('Assumptions')) } },
      },
    },
    '/campaign': {
      post: {
        summary: `Whom to contact within a budget and capacity, with a random holdout (up to ${MAX_CAMPAIGN} customers)`,
        description:
          'Customers are ranked by the expected net value of their best offer; the selection never exceeds the budget ' +
          '(greedy by net value per cost) or the capacity; the holdout is drawn at random among the selected, reproducibly by seed. ' +
          `Invalid customers are reported by index without stopping the others; when none is valid the answer is 422. ${ESTIMATE}`,
        requestBody: {
          required: true,
          content: json(ref('CampaignRequest'), {
            customers: [{ ...example, customerID: 'CUST-00042' }],
            budget: 500,
            capacity: 100,
            holdout_fraction: 0.1,
            seed: 42,
          }),
        },
        responses: {
          '200': { description: 'The ranked campaign.', content: json(ref('CampaignResponse')) },
          ...errors,
          '413': {
            ...(errors['413'] as object),
            description: `The body is larger than ${CAMPAIGN_BODY_LIMIT}, or than BODY_LIMIT if that is larger.`,
          },
        },
      },
    },
  };
}
