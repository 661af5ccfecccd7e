import { parsePythonFloat } from '@telco-churn/xgboost-runtime/python-float';

/**
 * The built-in XGBoost 1.7-1 serving container, as far as InvokeEndpoint callers can see it:
 * `text/csv` in (no header, no label), one probability per line out with a trailing newline,
 * or `{"predictions": [{"score": p}]}` when JSON is accepted. Its failures are its own HTTP
 * statuses; the server wraps them in a ModelError as SageMaker does.
 */
export interface ScoringModel {
  numFeature: number;
  predict(x: Float32Array, nRows: number): Float32Array;
}

export type ContainerAnswer =
  { ok: true; contentType: string; body: string } | { ok: false; status: number; message: string };

const fail = (status: number, message: string): ContainerAnswer => ({ ok: false, status, message });
const unable = (detail: string) => fail(400, `Unable to evaluate payload provided: ${detail}`);

const mediaType = (header: string | undefined) => (header ?? '').split(';')[0].trim().toLowerCase();

export function parseCsvPayload(
  text: string,
  numFeature: number,
): { x: Float32Array; nRows: number } | ContainerAnswer {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) return unable('the payload is empty');
  const cells = lines.map((line) => line.split(','));
  const width = cells[0].length;
  const ragged = cells.findIndex((row) => row.length !== width);
  if (ragged >= 0)
    return unable(`line ${ragged + 1} has ${cells[ragged].length} columns, line 1 has ${width}`);
  if (width > numFeature) {
    return unable(
      `Check failed: learner_model_param_.num_feature >= p_fmat->Info().num_col_ (${numFeature} vs. ${width}) : Number of columns does not match number of features in booster.`,
    );
  }
  // Fewer columns than the booster has features: the rest are missing values, silently.
  const x = new Float32Array(lines.length * numFeature).fill(NaN);
  for (let row = 0; row < cells.length; row += 1) {
    for (let col = 0; col < width; col += 1) {
      const value = parsePythonFloat(cells[row][col]);
      if (value === undefined)
        return unable(`could not convert string to float: '${cells[row][col].trim().slice(0, 40)}'`);
      x[row * numFeature + col] = value;
    }
  }
  return { x, nRows: lines.length };
}

export function createContainer(model: ScoringModel, formatScore: (p: number) => string) {
  return {
    invoke(body: Buffer, contentType: string | undefined, accept: string | undefined): ContainerAnswer {
      const type = mediaType(contentType);
      if (type !== 'text/csv') {
        return fail(
          415,
          `Content type ${type || '(none)'} is not supported by this framework. Please use text/csv, text/libsvm or application/x-recordio-protobuf.`,
        );
      }
      const wanted = mediaType(accept);
      const json = wanted === 'application/json';
      if (!json && !['', '*/*', 'text/csv'].includes(wanted)) {
        return fail(
          406,
          `Accept type ${wanted} is not supported by this framework. Please use text/csv or application/json.`,
        );
      }
      const parsed = parseCsvPayload(body.toString('utf8'), model.numFeature);
      if ('ok' in parsed) return parsed;
      const scores = model.predict(parsed.x, parsed.nRows);
      if (json) {
        const predictions = Array.from(scores, (score) => ({ score }));
        return { ok: true, contentType: 'application/json', body: JSON.stringify({ predictions }) };
      }
      let out = '';
      for (const score of scores) out += `${formatScore(score)}\n`;
      return { ok: true, contentType: 'text/csv; charset=utf-8', body: out };
    },
  };
}
