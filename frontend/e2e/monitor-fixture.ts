import { createBinner } from '@telco-churn/core/monitoring/binning';
import { runMonitor } from '@telco-churn/core/monitoring/monitor';
import { buildReferenceProfile } from '@telco-churn/core/monitoring/profile';
import type { OutcomeRecord, PredictionRecord } from '@telco-churn/core/monitoring/records';
import type { MonitorReport } from '@telco-churn/core/monitoring/report';
import { createRng } from '@telco-churn/core/random';
import { generateCustomers } from '@telco-churn/core/synthetic';

/**
 * A real monitor.json for the page's tests: the core's runMonitor over a seeded training profile
 * and a week of traffic in which every customer is on a month-to-month contract, with outcomes
 * for half of it. Contract drifts; gender does not.
 */
export async function shiftedReport(
  options: { outcomes?: boolean; days?: number } = {},
): Promise<MonitorReport> {
  const rng = createRng(11);
  const score = (c: { contract: string; tenure: number }) =>
    Math.min(
      0.97,
      Math.max(
        0.03,
        (c.contract === 'Month-to-month' ? 0.45 : 0.12) + (c.tenure < 12 ? 0.2 : 0) + (rng() - 0.5) * 0.3,
      ),
    );
  const training = generateCustomers(1500, 3);
  const reference = buildReferenceProfile({
    customers: training.map((t) => t.customer),
    scores: training.map((t) => score(t.customer)),
    threshold: 0.4,
    modelVersion: 'fixture-model',
  });
  const bin = createBinner(reference);
  const days = options.days ?? 7;
  const live = generateCustomers(70 * days, 5).map((l) => ({
    ...l,
    customer: { ...l.customer, contract: 'Month-to-month' as const },
  }));
  const predictions: PredictionRecord[] = live.map((l, i) => {
    const probability = Number(score(l.customer).toFixed(6));
    return {
      prediction_id: `01KBT3M6Z8QF7J6W2ZB${String(i).padStart(7, '0')}`,
      time: new Date(
        Date.parse('2026-11-29T00:00:00.000Z') + i * Math.floor((days * 86_400_000) / live.length),
      ).toISOString(),
      source: '/predict',
      model_version: 'fixture-model',
      probability,
      decision: probability >= 0.4,
      threshold: 0.4,
      fields: bin(l.customer),
    };
  });
  const outcomes: OutcomeRecord[] =
    options.outcomes === false
      ? []
      : predictions
          .filter((_, i) => i % 2 === 0)
          .map((p, i) => ({
            prediction_id: p.prediction_id,
            churned: live[i * 2].churn,
            observed_at: '2026-12-05T00:00:00.000Z',
            received_at: '2026-12-05T00:00:00.000Z',
          }));
  return runMonitor({
    reference,
    referenceAuc: 0.85,
    thresholds: { psi: 0.2, auc_drop: 0.05 },
    cost: { fn: 5, fp: 1 },
    predictions,
    outcomes,
    from: '2026-11-29T00:00:00.000Z',
    to: new Date(Date.parse('2026-11-29T00:00:00.000Z') + days * 86_400_000).toISOString(),
    now: new Date('2026-12-06T05:15:00.000Z'),
  });
}
