import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { shiftedReport } from '../../e2e/monitor-fixture';
import { parseConfig as parseEnv } from '../config';
import { loadLatestReport, reportProblem } from '../monitor-report';

const s3 = mockClient(S3Client);
const parseConfig = (env: Record<string, string>) => parseEnv(env as unknown as NodeJS.ProcessEnv);
let dir: string;
beforeEach(() => {
  s3.reset();
  dir = mkdtempSync(path.join(tmpdir(), 'monitor-report-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const local = (d: string) => ({ awsRegion: 'eu-central-1', monitorReport: { kind: 'dir' as const, dir: d } });

describe('loadLatestReport', () => {
  it('reads monitor.json from the report folder', async () => {
    const report = await shiftedReport();
    writeFileSync(path.join(dir, 'monitor.json'), JSON.stringify(report));
    await expect(loadLatestReport(local(dir))).resolves.toEqual({
      state: 'ok',
      where: path.join(dir, 'monitor.json'),
      report,
    });
  });

  it('also reads a synced copy of the S3 folder (latest/monitor.json)', async () => {
    mkdirSync(path.join(dir, 'latest'));
    writeFileSync(path.join(dir, 'latest', 'monitor.json'), JSON.stringify(await shiftedReport()));
    await expect(loadLatestReport(local(dir))).resolves.toMatchObject({ state: 'ok' });
  });

  it('says the report is missing rather than failing', async () => {
    await expect(loadLatestReport(local(dir))).resolves.toEqual({
      state: 'missing',
      where: path.join(dir, 'monitor.json'),
    });
  });

  it('says why a damaged report cannot be shown', async () => {
    writeFileSync(path.join(dir, 'monitor.json'), '{"schema_version": 1, "win');
    await expect(loadLatestReport(local(dir))).resolves.toMatchObject({
      state: 'invalid',
      problem: expect.stringMatching(/^not valid JSON/),
    });
  });

  it('is unconfigured without a location', async () => {
    await expect(loadLatestReport({ awsRegion: 'eu-central-1' })).resolves.toEqual({ state: 'unconfigured' });
  });

  it('reads latest/monitor.json under the S3 prefix', async () => {
    const report = await shiftedReport({ outcomes: false });
    // The SDK's body stream, reduced to the one method the loader calls.
    const body = { transformToString: () => Promise.resolve(JSON.stringify(report)) };
    s3.on(GetObjectCommand).resolves({ Body: body as never });
    const config = parseConfig({
      MONITOR_REPORT_S3_URI: 's3://churn-dev-monitoring-1-eu-central-1/reports/',
    });
    await expect(loadLatestReport(config)).resolves.toMatchObject({ state: 'ok', report });
    expect(s3.commandCalls(GetObjectCommand)[0].args[0].input).toEqual({
      Bucket: 'churn-dev-monitoring-1-eu-central-1',
      Key: 'reports/latest/monitor.json',
    });
  });

  it('treats a missing S3 object as no report yet', async () => {
    s3.on(GetObjectCommand).rejects(
      Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' }),
    );
    const config = parseConfig({ MONITOR_REPORT_S3_URI: 's3://bucket-x/reports/' });
    await expect(loadLatestReport(config)).resolves.toEqual({
      state: 'missing',
      where: 's3://bucket-x/reports/latest/monitor.json',
    });
  });
});

describe('reportProblem', () => {
  it('accepts what runMonitor writes', async () => {
    expect(reportProblem(JSON.parse(JSON.stringify(await shiftedReport())))).toBeUndefined();
  });

  it('names the first part it cannot read', async () => {
    const report = JSON.parse(JSON.stringify(await shiftedReport()));
    report.fields.tenure.reference.pop();
    expect(reportProblem(report)).toBe('fields.tenure has no psi or mismatched bins');
    expect(reportProblem({ ...report, schema_version: 2 })).toBe('schema_version is 2, this page reads 1');
  });
});

describe('report location settings', () => {
  it('refuses an S3 URI that is not a folder', () => {
    expect(() => parseConfig({ MONITOR_REPORT_S3_URI: 's3://bucket-x/reports' })).toThrow(
      /MONITOR_REPORT_S3_URI must be an s3:\/\/bucket\/folder\/ URI/,
    );
  });

  it('refuses both locations at once', () => {
    expect(() =>
      parseConfig({
        MONITOR_REPORT_DIR: '/tmp/x',
        MONITOR_REPORT_S3_URI: 's3://bucket-x/reports/',
      }),
    ).toThrow(/not both/);
  });
});
