import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../app';
import type { OutcomeRecord, PredictionRecord } from '@telco-churn/core/monitoring/records';
import { createLocalPredictor } from '../predictors/local';
import { createJsonlSink } from '../prediction-log/jsonl-sink';
import { createRecorder } from '../prediction-log/recorder';
import type { RecordSink } from '../prediction-log/sink';
import { captureLogs, customers, shippedArtifact } from './fixtures';
import { Served, serve } from './serve';

let dir: string;
let api: Served;
let sink: RecordSink;
let logs: Record<string, unknown>[];
let settle: () => Promise<void>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'prediction-log-'));
  const artifact = await shippedArtifact();
  const captured = captureLogs();
  logs = captured.lines;
  sink = createJsonlSink({ dir, flushMs: 1, logger: captured.logger });
  const recorder = createRecorder({ sink, artifact, logger: captured.logger });
  settle = () => recorder.settle();
  const app = createApp({
    config: { bodyLimit: '1mb' },
    artifact,
    predictor: createLocalPredictor(artifact.booster),
    logger: captured.logger,
    sink,
    recorder,
  });
  api = await serve(app);
});

afterAll(async () => {
  await api.close();
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
});

async function logged<T>(stream: 'predictions' | 'outcomes'): Promise<T[]> {
  await settle();
  await sink.flush();
  const folder = path.join(dir, stream);
  return readdirSync(folder).flatMap((f) =>
    readFileSync(path.join(folder, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as T),
  );
}

const byId = <T extends { prediction_id: string }>(records: T[], id: string): T | undefined =>
  records.find((r) => r.prediction_id === id);

describe('the prediction log behind /predict', () => {
  it('records each answer under its prediction_id, with the numbers binned and the categories as sent', async () => {
    const customer = { ...customers(1, 5)[0], monthlyCharges: 73.45, totalCharges: 1500.5 };
    const { json } = await api.post('/predict', customer);
    const record = byId(await logged<PredictionRecord>('predictions'), json.prediction_id);
    expect(record).toMatchObject({
      source: '/predict',
      model_version: json.model_version,
      probability: json.churn_probability,
      decision: json.will_churn,
      threshold: json.threshold,
    });
    expect(record?.fields.contract).toBe(customer.contract);
    expect(record?.fields.monthlyCharges).toBe('[70.5,79.3)');
    expect(record?.fields.totalCharges).toBe('[1396.25,2083.1)');
  });

  it('never writes a raw charge, in the log or in the application log', async () => {
    const customer = { ...customers(1, 6)[0], monthlyCharges: 61.23, totalCharges: 4321.98 };
    await api.post('/predict', customer);
    const text = readdirSync(path.join(dir, 'predictions'))
      .map((f) => readFileSync(path.join(dir, 'predictions', f), 'utf8'))
      .join('');
    expect(text).not.toContain('61.23');
    expect(text).not.toContain('4321.98');
    expect(JSON.stringify(logs)).not.toContain('4321.98');
  });

  it('gives each scored batch item its own increasing id and records only the scored ones', async () => {
    const [a, b] = customers(2, 7);
    const { json } = await api.post('/predict/batch', { customers: [a, { ...b, tenure: -1 }, b] });
    const ids = json.results
      .filter((r: { ok: boolean }) => r.ok)
      .map((r: { prediction: { prediction_id: string } }) => r.prediction.prediction_id);
    expect(ids).toHaveLength(2);
    expect(ids[0] < ids[1]).toBe(true);
    expect(json.results[1].prediction).toBeUndefined();
    const records = await logged<PredictionRecord>('predictions');
    for (const id of ids) expect(byId(records, id)?.source).toBe('/predict/batch');
  });
});

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('the prediction log behind /retention and /campaign', () => {
  it("records the /retention customer's score under the answer's prediction_id, as /predict decides it", async () => {
    const customer = { ...customers(1, 11)[0], monthlyCharges: 73.45, totalCharges: 1500.5 };
    const { status, json } = await api.post('/retention', { customer });
    expect(status).toBe(200);
    expect(json.prediction_id).toMatch(ULID);
    const { json: predicted } = await api.post('/predict', customer);
    expect(json.churn_probability).toBe(predicted.churn_probability);
    const record = byId(await logged<PredictionRecord>('predictions'), json.prediction_id);
    expect(record).toMatchObject({
      source: '/retention',
      model_version: json.model_version,
      probability: json.churn_probability,
      decision: predicted.will_churn,
      threshold: predicted.threshold,
    });
    expect(record?.fields.contract).toBe(customer.contract);
    expect(record?.fields.monthlyCharges).toBe('[70.5,79.3)');
    expect(JSON.stringify(record)).not.toContain('1500.5');
  });

  it('gives each scored /campaign customer its own id and records only those, with their probabilities', async () => {
    const [a, b, c] = customers(3, 12);
    const { status, json } = await api.post('/campaign', {
      customers: [{ ...a, customerID: 'C-1' }, { ...b, tenure: -1 }, c],
      seed: 5,
    });
    expect(status).toBe(200);
    const entries = json.customers as { prediction_id: string; index: number; churn_probability: number }[];
    expect(entries.map((e) => e.index).sort()).toEqual([0, 2]);
    for (const e of entries) expect(e.prediction_id).toMatch(ULID);
    expect(new Set(entries.map((e) => e.prediction_id)).size).toBe(2);
    const records = await logged<PredictionRecord>('predictions');
    expect(records.filter((r) => r.source === '/campaign')).toHaveLength(2);
    for (const e of entries) {
      const sent = e.index === 0 ? a : c;
      const { json: predicted } = await api.post('/predict', sent);
      expect(byId(records, e.prediction_id)).toMatchObject({
        source: '/campaign',
        probability: e.churn_probability,
        decision: predicted.will_churn,
        threshold: predicted.threshold,
        model_version: json.model_version,
      });
      expect(e.churn_probability).toBe(predicted.churn_probability);
    }
    // The customerID the caller sent is an answer's echo, not part of the log.
    expect(JSON.stringify(records)).not.toContain('C-1');
  });
});

describe('POST /outcomes', () => {
  it('stores the good outcomes and reports the bad ones by index, with reasons', async () => {
    const { json: p } = await api.post('/predict', customers(1, 8)[0]);
    const { status, json } = await api.post('/outcomes', {
      outcomes: [
        { prediction_id: p.prediction_id, churned: true, observed_at: '2099-01-01' },
        { prediction_id: p.prediction_id, churned: true },
        { prediction_id: 'x', churned: 'yes', extra: 1 },
        { prediction_id: p.prediction_id, churned: false },
        { prediction_id: '01ARZ3NDEKTSV4RRFFQ69G5FAV', churned: true, observed_at: '2000-01-01' },
        42,
      ],
    });
    expect(status).toBe(202);
    expect(json.accepted).toBe(1);
    expect(json.rejected).toBe(5);
    const reasons = Object.fromEntries(
      json.errors.map((e: { index: number; errors: { field: string; message: string }[] }) => [
        e.index,
        e.errors.map((x) => `${x.field}: ${x.message}`).join(' | '),
      ]),
    );
    expect(reasons[0]).toMatch(/observed_at: observed_at is in the future/);
    expect(reasons[2]).toMatch(/extra: extra is not a known field/);
    expect(reasons[2]).toMatch(/prediction_id: prediction_id must be the 26-character id/);
    expect(reasons[2]).toMatch(/churned: churned must be true or false/);
    expect(reasons[3]).toMatch(/prediction_id repeats outcome 1/);
    expect(reasons[4]).toMatch(/observed_at is before the prediction was made/);
    expect(reasons[5]).toMatch(/each outcome must be an object/);
    const stored = byId(await logged<OutcomeRecord>('outcomes'), p.prediction_id);
    expect(stored).toMatchObject({ prediction_id: p.prediction_id, churned: true });
    expect(stored?.observed_at).toBe(stored?.received_at);
  });

  it('stores every outcome of 40 concurrent posts once, none lost or torn', async () => {
    const predicted = await Promise.all(customers(40, 33).map((c) => api.post('/predict', c)));
    const ids: string[] = predicted.map((r) => r.json.prediction_id);
    const replies = await Promise.all(
      ids.map((id, k) => api.post('/outcomes', { outcomes: [{ prediction_id: id, churned: k % 2 === 0 }] })),
    );
    expect(replies.map((r) => [r.status, r.json.accepted])).toEqual(ids.map(() => [202, 1]));
    const stored = (await logged<OutcomeRecord>('outcomes')).filter((r) => ids.includes(r.prediction_id));
    expect(stored.map((r) => [r.prediction_id, r.churned]).sort()).toEqual(
      ids.map((id, k) => [id, k % 2 === 0]).sort(),
    );
  });

  it('answers 422 naming each outcome at fault when none is valid', async () => {
    const { status, json } = await api.post('/outcomes', { outcomes: [{ churned: true }] });
    expect(status).toBe(422);
    expect(json.error.details).toEqual([
      {
        field: 'outcomes.0.prediction_id',
        message: 'prediction_id must be the 26-character id a prediction answered with',
      },
    ]);
  });

  it('answers 422 for a missing, empty or oversized list, or a stray key', async () => {
    for (const body of [
      {},
      { outcomes: [] },
      { outcomes: new Array(10_001).fill(0) },
      { outcomes: [1], more: 1 },
      [],
    ]) {
      const { status, json } = await api.post('/outcomes', body);
      expect(status).toBe(422);
      expect(json.error.code).toBe('validation_failed');
    }
  });

  it('answers 413 naming its own 2mb limit, not BODY_LIMIT, for a body over it', async () => {
    const reply = await api.request('POST', '/outcomes', {
      raw: JSON.stringify({ outcomes: [], pad: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(413);
    expect(reply.json.error).toMatchObject({
      code: 'payload_too_large',
      message: 'the outcomes body is larger than the limit of 2mb',
    });
  });

  it('takes 10,000 outcomes in one request', async () => {
    const { json: p } = await api.post('/predict', customers(1, 9)[0]);
    // One id 10,000 times would be refused as repeats: vary the random part of the same millisecond.
    const stem = p.prediction_id.slice(0, 16);
    const outcomes = Array.from({ length: 10_000 }, (_, i) => ({
      prediction_id: `${stem}${String(i).padStart(10, '0')}`,
      churned: i % 2 === 0,
      observed_at: new Date().toISOString(),
    }));
    const { status, json } = await api.post('/outcomes', { outcomes });
    expect(status).toBe(202);
    expect(json).toEqual({ accepted: 10_000, rejected: 0, errors: [] });
  });
});
