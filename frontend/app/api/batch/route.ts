import { parseTelcoCsv, type TelcoRow } from '@telco-churn/core/telco-csv';
import { ApiError, callApi } from '../../../lib/api-client';
import type { BatchResponse } from '@telco-churn/core/contracts';
import { guardApiRequest } from '../../../lib/auth';
import { BodyTooLargeError, readLimitedText } from '../../../lib/read-body';
import { retryWhileWarming } from '../../../lib/warming';
import {
  API_BATCH_LIMIT,
  MAX_ROWS,
  MAX_UPLOAD_BYTES,
  type BatchEvent,
  type InvalidRow,
  type ScoredRow,
} from '../../../lib/batch-types';

async function scoreChunk(rows: TelcoRow[], emit: (e: BatchEvent) => void): Promise<BatchResponse> {
  return retryWhileWarming(
    () => callApi<BatchResponse>('POST', '/predict/batch', { customers: rows.map((r) => r.customer) }),
    (message, retryInSeconds) => emit({ type: 'warming', message, retryInSeconds }),
  );
}

function toScored(row: TelcoRow, prediction: BatchResponse['results'][number] & { ok: true }): ScoredRow {
  const p = prediction.prediction;
  return {
    line: row.line,
    ...(row.customerId !== undefined ? { customerId: row.customerId } : {}),
    probability: p.churn_probability,
    willChurn: p.will_churn,
    risk: p.risk_level,
    tenure: row.customer.tenure,
    contract: row.customer.contract,
    monthlyCharges: row.customer.monthlyCharges,
    internetService: row.customer.internetService,
    drivers: p.top_factors
      .filter((f) => f.direction === 'raises')
      .slice(0, 3)
      .map((f) => `${f.label}: ${f.value}`),
  };
}

/**
 * Scores an uploaded CSV: parsed and validated here with the churn core's parser (bad rows are
 * reported with line and reason, good rows kept), sent to the API in chunks of at most 1,000,
 * and streamed back as NDJSON events so the page can show progress on large files.
 */
export async function POST(request: Request) {
  const refused = await guardApiRequest(request);
  if (refused) return refused;
  let text: string;
  try {
    text = await readLimitedText(request, MAX_UPLOAD_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    return Response.json(
      {
        error: {
          kind: 'bad_request',
          message: `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
        },
      },
      { status: 413 },
    );
  }
  const parsed = parseTelcoCsv(text);
  if (parsed.rows.length > MAX_ROWS)
    return Response.json(
      {
        error: {
          kind: 'bad_request',
          message: `The file has ${parsed.rows.length} rows; the limit is ${MAX_ROWS}.`,
        },
      },
      { status: 413 },
    );
  const invalid: InvalidRow[] = parsed.errors.map((e) => ({
    line: e.line,
    field: e.column ?? e.field,
    message: e.message,
    ...(e.customerId !== undefined ? { customerId: e.customerId } : {}),
  }));

  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const emit = (event: BatchEvent) => controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      const total = parsed.rows.length;
      emit({ type: 'start', total, invalid });
      let last: BatchResponse | undefined;
      try {
        for (let from = 0; from < total; from += API_BATCH_LIMIT) {
          if (request.signal.aborted) break;
          const chunk = parsed.rows.slice(from, from + API_BATCH_LIMIT);
          last = await scoreChunk(chunk, emit);
          const scored: ScoredRow[] = [];
          const failed: InvalidRow[] = [];
          for (const result of last.results) {
            const row = chunk[result.index];
            if (result.ok) scored.push(toScored(row, result));
            else
              for (const e of result.errors)
                failed.push({
                  line: row.line,
                  customerId: row.customerId,
                  field: e.field,
                  message: e.message,
                });
          }
          emit({
            type: 'progress',
            done: Math.min(from + API_BATCH_LIMIT, total),
            total,
            scored,
            invalid: failed,
          });
        }
        emit({ type: 'done', modelVersion: last?.model_version, threshold: last?.threshold });
      } catch (error) {
        const message = error instanceof ApiError ? error.message : 'Scoring stopped on an unexpected error.';
        if (!(error instanceof ApiError)) console.error('churn-ui: batch scoring failed', error);
        emit({ type: 'error', message });
      }
      controller.close();
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' },
  });
}
