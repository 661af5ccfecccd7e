import type { Factor, RiskLevel } from '@telco-churn/core/contracts';

/**
 * Retention actions tied to the factors that raise a customer's risk. Each rule names the field
 * and the value the action answers, so an action only appears when the model says that very
 * fact pushes this customer towards leaving.
 */
export interface RetentionAction {
  field: Factor['field'];
  title: string;
  detail: string;
}

type Rule = { when: (value: string | number) => boolean; title: string; detail: string };

const RULES: Partial<Record<Factor['field'], Rule[]>> = {
  contract: [
    {
      when: (v) => v === 'Month-to-month',
      title: 'Offer a one-year plan',
      detail:
        'Month-to-month customers leave most often: a 12-month plan with a loyalty discount locks in the relationship.',
    },
  ],
  paymentMethod: [
    {
      when: (v) => v === 'Electronic check',
      title: 'Move them to automatic payment',
      detail: 'Offer a small bill credit for switching to bank transfer or credit card autopay.',
    },
  ],
  internetService: [
    {
      when: (v) => v === 'Fiber optic',
      title: 'Check fiber service quality and price',
      detail:
        'Review outages and speed tests for this line; offer a price match or a speed upgrade at the same price.',
    },
  ],
  onlineSecurity: [
    {
      when: (v) => v === 'No',
      title: 'Offer online security free for 3 months',
      detail: 'Customers with security add-ons stay longer.',
    },
  ],
  techSupport: [
    {
      when: (v) => v === 'No',
      title: 'Add tech support',
      detail: 'Include premium tech support for a trial period and schedule a check-in call.',
    },
  ],
  onlineBackup: [
    {
      when: (v) => v === 'No',
      title: 'Bundle online backup',
      detail: 'A backup trial raises the number of services the customer relies on.',
    },
  ],
  deviceProtection: [
    {
      when: (v) => v === 'No',
      title: 'Offer device protection',
      detail: 'Bundle device protection at a discount with the next device purchase.',
    },
  ],
  tenure: [
    {
      when: (v) => Number(v) <= 12,
      title: 'Run the first-year onboarding programme',
      detail: 'New customers are the most likely to leave: a welcome call and a 90-day satisfaction check.',
    },
  ],
  monthlyCharges: [
    {
      when: () => true,
      title: 'Review the monthly bill',
      detail:
        'Walk through the plan with the customer: a right-sized bundle can lower the bill without losing services.',
    },
  ],
  totalCharges: [
    {
      // A small total pushes the risk up because the customer is new, not because of spend.
      when: (v) => Number(v) < 1000,
      title: 'Run the first-year onboarding programme',
      detail: 'New customers are the most likely to leave: a welcome call and a 90-day satisfaction check.',
    },
    {
      when: () => true,
      title: 'Recognise their spend so far',
      detail: 'Thank the customer with a loyalty reward matched to what they have spent with us.',
    },
  ],
  paperlessBilling: [
    {
      when: (v) => v === 'Yes',
      title: 'Make the e-bill clear',
      detail:
        'Send a plain-language bill summary; surprises on paperless bills drive calls and cancellations.',
    },
  ],
  seniorCitizen: [
    {
      when: (v) => v === 'Yes',
      title: 'Offer the seniors plan',
      detail: 'Assisted support and a simplified senior tariff.',
    },
  ],
  streamingTV: [
    {
      when: (v) => v === 'Yes',
      title: 'Bundle streaming',
      detail: 'Offer a streaming bundle discount instead of separate add-ons.',
    },
  ],
  streamingMovies: [
    {
      when: (v) => v === 'Yes',
      title: 'Bundle streaming',
      detail: 'Offer a streaming bundle discount instead of separate add-ons.',
    },
  ],
  multipleLines: [
    {
      when: (v) => v === 'Yes',
      title: 'Offer a family lines deal',
      detail: 'A multi-line discount rewards customers with several lines.',
    },
  ],
  partner: [
    {
      when: (v) => v === 'No',
      title: 'Suggest a shared plan',
      detail: 'Invite the customer to add a household member at a reduced price.',
    },
  ],
  dependents: [
    {
      when: (v) => v === 'No',
      title: 'Suggest a shared plan',
      detail: 'Invite the customer to add a household member at a reduced price.',
    },
  ],
};

/** Actions for the factors that raise the risk, strongest first, without repeating a title. */
export function retentionActions(factors: readonly Factor[], limit = 4): RetentionAction[] {
  const out: RetentionAction[] = [];
  const seen = new Set<string>();
  const raising = factors
    .filter((f) => f.direction === 'raises')
    .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect));
  for (const factor of raising) {
    const rule = RULES[factor.field]?.find((r) => r.when(factor.value));
    if (!rule || seen.has(rule.title)) continue;
    seen.add(rule.title);
    out.push({ field: factor.field, title: rule.title, detail: rule.detail });
    if (out.length === limit) break;
  }
  return out;
}

export const RISK_TEXT: Record<RiskLevel, string> = {
  low: 'Low risk',
  medium: 'Medium risk',
  high: 'High risk',
};

export const formatPercent = (p: number, digits = 1): string => `${(p * 100).toFixed(digits)}%`;
