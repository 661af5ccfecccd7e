import { CUSTOM_METRIC_NAMESPACE, DEFAULT_METRIC_NAMESPACE, MONITOR_METRICS } from '../metrics';

describe('the monitor metrics', () => {
  it('keep their CloudWatch names: a renamed metric starts an empty history and silences its alarm', () => {
    expect(MONITOR_METRICS).toEqual({
      maxFieldPsi: 'MaxFieldPsi',
      scorePsi: 'ScorePsi',
      realisedAuc: 'RealisedAuc',
      aucShortfall: 'AucShortfall',
      predictions: 'Predictions',
    });
  });

  it('take a custom namespace of CloudWatch characters, never one of AWS/', () => {
    for (const ok of [DEFAULT_METRIC_NAMESPACE, 'Churn', 'a.b/c#d:e_f-g', 'x'.repeat(255)])
      expect(CUSTOM_METRIC_NAMESPACE.test(ok)).toBe(true);
    for (const bad of ['AWS/Lambda', '', 'has space', 'x'.repeat(256), 'Ünïcode'])
      expect(CUSTOM_METRIC_NAMESPACE.test(bad)).toBe(false);
  });
});
