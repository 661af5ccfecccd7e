import { Customer, FIELD_NAMES } from '../../fields';
import { generateCustomers } from '../../synthetic';
import { createBinner } from '../binning';
import { runMonitor } from '../monitor';
import { buildReferenceProfile } from '../profile';
import type { OutcomeRecord, PredictionRecord } from '../records';
import { rocAuc } from '../stats';

const training = generateCustomers(2000, 11).map((r) => r.customer);
const scoreOf = (c: Customer, i: number): number =>
  (c.contract === 'Month-to-month' ? 0.55 : 0.15) + ((i % 7) - 3) / 100;
const reference = buildReferenceProfile({
  customers: training,
  scores: training.map(scoreOf),
  threshold: 0.4,
  modelVersion: 'champion-1',
});
const bin = createBinner(reference);

function records(n: number, seed: number, contract?: 'Month-to-month'): PredictionRecord[] {
  return generateCustomers(n, seed).map(({ customer }, i) => {
    const c = contract ? { ...customer, contract } : customer;
    const probability = scoreOf(c, i);
    return {
      prediction_id: `P${String(i).padStart(25, '0')}`,
      time: `2026-12-0${1 + (i % 3)}T10:00:00.000Z`,
      source: '/predict',
      model_version: 'champion-1',
      probability,
      decision: probability >= 0.4,
      threshold: 0.4,
      fields: bin(c),
      challenger: {
        model_version: 'challenger-1',
        probability: 1 - probability,
        decision: 1 - probability >= 0.5,
        threshold: 0.5,
      },
    };
  });
}

const settings = {
  referenceAuc: 0.85,
  thresholds: { psi: 0.2, auc_drop: 0.05, min_predictions: 100, min_matched: 50 },
  cost: { fn: 5, fp: 1 },
};

describe('runMonitor', () => {
  it('reports no drift for traffic drawn like the training rows', async () => {
    const report = await runMonitor({ ...settings, reference, predictions: records(2000, 12) });
    expect(report.window.predictions).toBe(2000);
    expect(Object.keys(report.fields)).toEqual(FIELD_NAMES);
    expect(report.alerts.filter((a) => a.kind === 'drift')).toEqual([]);
    expect(report.realised).toBeNull();
  });

  it('flags the field that moved, and the score, and leaves the others alone', async () => {
    const report = await runMonitor({
      ...settings,
      reference,
      predictions: records(2000, 12, 'Month-to-month'),
    });
    const subjects = report.alerts.map((a) => a.subject);
    expect(subjects).toContain('contract');
    expect(subjects).toContain('score');
    expect(subjects).not.toContain('gender');
    expect(report.fields.contract.current[0]).toBe(1);
  });

  it('computes realised performance on the matched predictions only', async () => {
    const predictions = records(600, 13);
    const outcomes: OutcomeRecord[] = predictions.slice(0, 300).map((p, i) => ({
      prediction_id: p.prediction_id,
      churned: i % 3 === 0,
      observed_at: '2026-12-20T00:00:00.000Z',
      received_at: '2026-12-21T00:00:00.000Z',
    }));
    outcomes.push({ ...outcomes[0], prediction_id: 'NOT-IN-THE-LOG' });
    const report = await runMonitor({ ...settings, reference, predictions, outcomes });
    const y = outcomes.slice(0, 300).map((o) => (o.churned ? 1 : 0));
    expect(report.realised?.matched).toBe(300);
    expect(report.realised?.auc).toBe(
      rocAuc(
        y,
        predictions.slice(0, 300).map((p) => p.probability),
      ),
    );
    expect(report.skipped.unmatched_outcomes).toBe(1);
    expect(report.alerts[0]).toMatchObject({
      kind: 'performance',
      subject: 'auc',
      threshold: expect.closeTo(0.8, 12),
    });
    expect(report.challenger).toMatchObject({ model_version: 'challenger-1', scored: 600, matched: 300 });
    expect(report.daily.map((d) => d.date)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
  });

  it('keeps the latest outcome when a prediction has two', async () => {
    const predictions = records(3, 14);
    const base = { prediction_id: predictions[0].prediction_id, received_at: '2026-12-21T00:00:00.000Z' };
    const report = await runMonitor({
      ...settings,
      reference,
      predictions,
      outcomes: [
        { ...base, churned: true, observed_at: '2026-12-10T00:00:00.000Z' },
        { ...base, churned: false, observed_at: '2026-12-09T00:00:00.000Z' },
      ],
    });
    expect(report.skipped.duplicate_outcomes).toBe(1);
    expect(report.realised?.positives).toBe(1);
  });

  it('counts only predictions inside the window', async () => {
    const report = await runMonitor({
      ...settings,
      reference,
      predictions: records(300, 15),
      from: '2026-12-02T00:00:00.000Z',
      to: '2026-12-03T00:00:00.000Z',
    });
    expect(report.window.predictions).toBe(100);
    expect(report.daily.map((d) => d.date)).toEqual(['2026-12-02']);
  });

  it('counts a value outside the reference bins as unknown and as drift', async () => {
    const predictions = records(200, 16).map((p) => ({
      ...p,
      fields: { ...p.fields, paymentMethod: 'Crypto' },
    }));
    const report = await runMonitor({ ...settings, reference, predictions });
    expect(report.fields.paymentMethod.unknown).toBe(200);
    expect(report.alerts.map((a) => a.subject)).toContain('paymentMethod');
  });
});
