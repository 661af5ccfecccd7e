import type { TelcoRow } from '@telco-churn/core/telco-csv';
import { ApiCallError, callApi } from '../../../lib/api-client';
import type { BatchResponse } from '@telco-churn/core/contracts';
import { guardApiRequest } from '../../../lib/auth';
import { retryWhileWarming } from '../../../lib/warming';
import {
  API_BATCH_LIMIT,
  MAX_REPORTED_ERRORS,
  MAX_UPLOAD_BYTES,
  type BatchEvent,
  type InvalidRow,
  type ScoredRow,
} from '../../../lib/batch-types';
import { drain, readUpload, tooLargeMessage } from '../../../lib/batch-upload';
import { withSecurityHeaders } from '../../../lib/security-headers';

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
    predictionId: p.prediction_id,
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

const json = (request: Request, status: number, kind: string, message: string, extra: HeadersInit = {}) =>
  withSecurityHeaders(Response.json({ error: { kind, message } }, { status, headers: extra }), request);

/**
 * Scores an uploaded CSV: read as it streams in, parsed and validated with the churn core's
 * reader (bad rows reported with line and reason, good rows kept), sent to the API in chunks of
 * at most 1,000, and streamed back as NDJSON events of bounded size so the page can show
 * progress. The proxy skips this route (see proxy.ts) so that the body reaches it unbuffered:
 * every byte is counted here, and an upload past the limit is refused, never cut short.
 */
export async function POST(request: Request) {
  const refused = await guardApiRequest(request);
  if (refused) return withSecurityHeaders(refused, request);
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > MAX_UPLOAD_BYTES) {
    await drain(request.body?.getReader());
    return json(request, 413, 'too_large', tooLargeMessage(), { connection: 'close' });
  }
  const upload = await readUpload(request.body);
  if (!upload.ok)
    return json(request, upload.status, upload.status === 413 ? 'too_large' : 'bad_request', upload.message, {
      connection: 'close',
    });
  const { rows } = upload;
  let reported = upload.invalid.length;

  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const emit = (event: BatchEvent) => controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      const total = rows.length;
      emit({ type: 'start', total, invalid: upload.invalid, invalidRows: upload.invalidRows });
      let last: BatchResponse | undefined;
      try {
        for (let from = 0; from < total; from += API_BATCH_LIMIT) {
          if (request.signal.aborted) break;
          const chunk = rows.slice(from, from + API_BATCH_LIMIT);
          last = await scoreChunk(chunk, emit);
          const scored: ScoredRow[] = [];
          const failed: InvalidRow[] = [];
          for (const result of last.results) {
            const row = chunk[result.index];
            if (result.ok) scored.push(toScored(row, result));
            else
              for (const e of result.errors)
                if (reported++ < MAX_REPORTED_ERRORS)
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
        const message =
          error instanceof ApiCallError ? error.message : 'Scoring stopped on an unexpected error.';
        if (!(error instanceof ApiCallError)) console.error('churn-ui: batch scoring failed', error);
        emit({ type: 'error', message });
      }
      controller.close();
    },
  });
  return withSecurityHeaders(
    new Response(stream, {
      headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' },
    }),
    request,
  );
}
