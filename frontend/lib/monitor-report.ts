import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { MonitorReport } from '@telco-churn/core/monitoring/report';
import type { MonitorReportSource, UiConfig } from './config';

export type LoadedReport =
  | { state: 'unconfigured' }
  | { state: 'missing'; where: string }
  | { state: 'invalid'; where: string; problem: string }
  | { state: 'ok'; where: string; report: MonitorReport };

/** The parts of monitor.json the page reads; anything else is not a report it can show. */
export function reportProblem(json: unknown): string | undefined {
  const r = json as Partial<MonitorReport> | null;
  if (typeof r !== 'object' || r === null) return 'it is not a JSON object';
  if (r.schema_version !== 1) return `schema_version is ${String(r.schema_version)}, this page reads 1`;
  if (typeof r.window?.predictions !== 'number') return 'window.predictions is missing';
  if (typeof r.fields !== 'object' || r.fields === null) return 'fields is missing';
  for (const [name, f] of Object.entries(r.fields)) {
    if (typeof f?.psi !== 'number' || !Array.isArray(f.bins) || f.bins.length !== f.reference?.length)
      return `fields.${name} has no psi or mismatched bins`;
  }
  if (typeof r.score?.psi !== 'number') return 'score.psi is missing';
  if (!Array.isArray(r.alerts)) return 'alerts is missing';
  if (!Array.isArray(r.daily)) return 'daily is missing';
  return undefined;
}

function parse(text: string, where: string): LoadedReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { state: 'invalid', where, problem: `not valid JSON (${(error as Error).message})` };
  }
  const problem = reportProblem(json);
  return problem
    ? { state: 'invalid', where, problem }
    : { state: 'ok', where, report: json as MonitorReport };
}

/** `npm run monitor --out <dir>` writes <dir>/monitor.json; a synced copy of the S3 folder has latest/. */
async function fromDir(dir: string): Promise<LoadedReport> {
  for (const file of [path.join(dir, 'monitor.json'), path.join(dir, 'latest', 'monitor.json')]) {
    try {
      return parse(await readFile(file, 'utf8'), file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return { state: 'missing', where: path.join(dir, 'monitor.json') };
}

let client: S3Client | undefined;

/** The scheduled job writes <prefix>latest/monitor.json; the task role may read and list reports/. */
async function fromS3(
  source: Extract<MonitorReportSource, { kind: 's3' }>,
  region: string,
): Promise<LoadedReport> {
  client ??= new S3Client({ region });
  const key = `${source.prefix}latest/monitor.json`;
  const where = `s3://${source.bucket}/${key}`;
  try {
    const answer = await client.send(new GetObjectCommand({ Bucket: source.bucket, Key: key }));
    return parse(await (answer.Body as { transformToString(): Promise<string> }).transformToString(), where);
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return { state: 'missing', where };
    throw error;
  }
}

/** The latest report, or why there is none. Read errors (permissions, network) are thrown. */
export async function loadLatestReport(
  config: Pick<UiConfig, 'monitorReport' | 'awsRegion'>,
): Promise<LoadedReport> {
  const source = config.monitorReport;
  if (!source) return { state: 'unconfigured' };
  return source.kind === 'dir' ? fromDir(source.dir) : fromS3(source, config.awsRegion);
}
