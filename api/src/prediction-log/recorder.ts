import type { Customer } from '@telco-churn/core/fields';
import { Binner, createBinner } from '@telco-churn/core/monitoring/binning';
import type { ChallengerScore, PredictionRecord } from '@telco-churn/core/monitoring/records';
import type { Logger } from '../logger';
import type { Artifact } from '@telco-churn/core/artifact';
import { predictProba } from '@telco-churn/xgboost-runtime';
import type { Prediction } from '@telco-churn/core/contracts';
import { createIdGenerator, idTime } from './prediction-id';
import type { RecordSink } from './sink';

/** The shadow model: scored after the answer, logged beside the champion, never served. */
export interface Challenger {
  artifact: Artifact;
  threshold: number;
}

/** What a route answers about one customer's score; the recorder sets its `prediction_id`. */
export type Recordable = Pick<Prediction, 'churn_probability' | 'will_churn' | 'threshold' | 'model_version'> & {
  prediction_id?: string;
};

interface Pending {
  source: string;
  customers: readonly Customer[];
  predictions: readonly Recordable[];
}

export interface PredictionRecorder {
  /**
   * Gives each prediction its `prediction_id` now (so the answer carries it) and logs the
   * customers, binned, after the answer has gone: call it just before sending, from any route.
   */
  record(source: string, customers: readonly Customer[], predictions: Recordable[]): void;
  /** Records still waiting for their turn of the event loop; for tests and shutdown. */
  settle(): Promise<void>;
}

const round6 = (p: number): number => Math.round(p * 1e6) / 1e6;

/**
 * The record of each prediction is built on the next turn of the event loop, for every request
 * of the turn at once: the binning, the challenger's one predictProba call for all their rows and
 * the sink's queueing never run between a request and its answer.
 */
export function createRecorder(options: {
  sink: RecordSink;
  /** The champion's artifact: its reference profile gives the numeric fields their bins. */
  artifact: Artifact;
  challenger?: Challenger;
  logger: Logger;
  nextId?: () => string;
}): PredictionRecorder {
  const { sink, challenger, logger } = options;
  const nextId = options.nextId ?? createIdGenerator();
  const bin: Binner = createBinner(options.artifact.reference);
  const logging = sink.kind !== 'off';
  let pending: Pending[] = [];
  let scheduled: Promise<void> | undefined;

  const challengerScores = (batch: Pending[]): Float32Array | undefined => {
    if (!challenger) return undefined;
    const { encoder, booster } = challenger.artifact;
    const width = encoder.featureNames.length;
    const rows = batch.reduce((n, p) => n + p.customers.length, 0);
    const x = new Float32Array(rows * width);
    let row = 0;
    for (const p of batch) for (const c of p.customers) encoder.encode(c, x, width * row++);
    return predictProba(booster, x, rows);
  };

  const flushPending = (): void => {
    const batch = pending;
    pending = [];
    scheduled = undefined;
    try {
      const shadow = challengerScores(batch);
      const shadowVersion = challenger?.artifact.params.modelVersion ?? '';
      const records: PredictionRecord[] = [];
      let row = 0;
      for (const { source, customers, predictions } of batch) {
        for (let i = 0; i < predictions.length; i++, row++) {
          const p = predictions[i];
          const id = p.prediction_id!;
          const record: PredictionRecord = {
            prediction_id: id,
            time: new Date(idTime(id)).toISOString(),
            source,
            model_version: p.model_version,
            probability: p.churn_probability,
            decision: p.will_churn,
            threshold: p.threshold,
            fields: bin(customers[i]),
          };
          if (shadow) {
            const probability = round6(shadow[row]);
            const score: ChallengerScore = {
              model_version: shadowVersion,
              probability,
              decision: shadow[row] >= challenger!.threshold,
              threshold: challenger!.threshold,
            };
            record.challenger = score;
          }
          records.push(record);
        }
      }
      sink.appendPredictions(records);
    } catch (error) {
      // Never the customers: only what failed and how many records it cost.
      logger.error('prediction log: records not written', {
        error: (error as Error).message,
        records: batch.reduce((n, p) => n + p.predictions.length, 0),
      });
    }
  };

  return {
    record(source, customers, predictions) {
      for (const p of predictions) p.prediction_id = nextId();
      if (!logging) return;
      pending.push({ source, customers, predictions });
      scheduled ??= new Promise((resolve) =>
        setImmediate(() => {
          flushPending();
          resolve();
        }),
      );
    },
    settle: () => scheduled ?? Promise.resolve(),
  };
}
