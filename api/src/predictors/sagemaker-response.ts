/**
 * Reads the scores out of an InvokeEndpoint answer. The XGBoost 1.7-1 container answers
 * `text/csv` with one value per line and a trailing newline; older containers joined the
 * values with commas; with `Accept: application/json` it answers
 * `{"predictions": [{"score": p}, ...]}`. Anything else is unreadable.
 */
export class ResponseFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResponseFormatError';
  }
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseCsvScores(text: string): number[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return trimmed.split(/\s*[\n,]\s*/).map((token, index) => {
    if (!NUMBER.test(token)) {
      throw new ResponseFormatError(
        `score ${index + 1} is not a number: ${JSON.stringify(token.slice(0, 40))}`,
      );
    }
    return Number(token);
  });
}

function parseJsonScores(text: string): number[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ResponseFormatError(`the JSON body does not parse: ${(error as Error).message}`);
  }
  const predictions = (body as { predictions?: unknown } | null)?.predictions;
  if (!Array.isArray(predictions)) {
    throw new ResponseFormatError('the JSON body has no "predictions" list');
  }
  return predictions.map((item, index) => {
    const score = (item as { score?: unknown } | null)?.score;
    if (typeof score !== 'number') {
      throw new ResponseFormatError(`predictions[${index}].score is not a number`);
    }
    return score;
  });
}

/** Scores as probabilities, one per row sent, each a finite number in [0, 1]. */
export function parseScores(
  body: Uint8Array | undefined,
  contentType: string | undefined,
  expectedRows: number,
): Float64Array {
  const text = Buffer.from(body ?? new Uint8Array()).toString('utf8');
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const looksJson = type === 'application/json' || /^\s*\{/.test(text);
  const scores = looksJson ? parseJsonScores(text) : parseCsvScores(text);
  if (scores.length !== expectedRows) {
    throw new ResponseFormatError(`expected ${expectedRows} scores, got ${scores.length}`);
  }
  const out = new Float64Array(scores.length);
  scores.forEach((score, index) => {
    if (!Number.isFinite(score) || score < 0 || score > 1) {
      throw new ResponseFormatError(`score ${index + 1} is not a probability in [0, 1]: ${score}`);
    }
    out[index] = score;
  });
  return out;
}
