import { Writable } from 'node:stream';
import { loadMonitorJobConfig } from '../config';
import { createMonitorHandler } from '../handler';

const env = {
  ATHENA_WORKGROUP: 'churn-dev-monitoring',
  PREDICTION_LOG_DATABASE: 'churn_dev_monitoring',
  PREDICTIONS_TABLE: 'predictions',
  OUTCOMES_TABLE: 'outcomes',
  REPORT_BUCKET: 'churn-dev-monitoring-111122223333-eu-central-1',
  METRIC_DEPLOYMENT: 'churn-dev-monitor',
};

describe('loadMonitorJobConfig', () => {
  it('reads what modules/monitor-job sets, with the issue defaults for thresholds', () => {
    const config = loadMonitorJobConfig({ ...env, MONITOR_WINDOW_DAYS: '14' });
    expect(config).toEqual(
      expect.objectContaining({
        workgroup: 'churn-dev-monitoring',
        reportPrefix: 'reports/',
        metricNamespace: 'TelcoChurn/Monitoring',
        windowDays: 14,
        thresholds: { psi: 0.2, auc_drop: 0.05, min_predictions: 100, min_matched: 50 },
      }),
    );
  });

  it('names a missing setting', () => {
    const { REPORT_BUCKET: _omitted, ...rest } = env;
    expect(() => loadMonitorJobConfig(rest)).toThrow(/REPORT_BUCKET/);
  });

  it('refuses a database name that is not a Glue identifier', () => {
    expect(() => loadMonitorJobConfig({ ...env, PREDICTION_LOG_DATABASE: 'churn-dev' })).toThrow(
      /PREDICTION_LOG_DATABASE must be a Glue name/,
    );
  });

  it('refuses an absolute report prefix', () => {
    expect(() => loadMonitorJobConfig({ ...env, REPORT_PREFIX: '/reports/' })).toThrow(/REPORT_PREFIX/);
  });
});

describe('createMonitorHandler', () => {
  it('fails every run with the bad setting named in the log', async () => {
    const lines: string[] = [];
    const errors = jest.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    const handler = createMonitorHandler(
      { ...env, MONITOR_WINDOW_DAYS: '365' },
      { logStream: new Writable() },
    );
    await expect(handler({})).rejects.toThrow(/MONITOR_WINDOW_DAYS/);
    expect(JSON.parse(lines[0])).toEqual(expect.objectContaining({ setting: 'MONITOR_WINDOW_DAYS' }));
    errors.mockRestore();
  });
});
