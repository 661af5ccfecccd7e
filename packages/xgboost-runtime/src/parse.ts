import { parseBinaryModel } from './binary-model';
import { Booster } from './booster';
import { ModelFormatError } from './errors';
import { parseJsonModel } from './json-model';
import { gunzipModel, isGzip, modelFromTar } from './tar';

const startsWith = (b: Uint8Array, s: string): boolean =>
  b.length >= s.length && [...s].every((ch, i) => b[i] === ch.charCodeAt(0));

const isTar = (b: Uint8Array): boolean => b.length >= 512 && startsWith(b.subarray(257), 'ustar');

/** First byte after `{` and whitespace: `"` or `}` in JSON, a type marker in UBJSON. */
function jsonKind(b: Uint8Array): 'json' | 'ubjson' | undefined {
  let i = 0;
  while (
    i < b.length &&
    (b[i] === 0x20 ||
      b[i] === 0x0a ||
      b[i] === 0x0d ||
      b[i] === 0x09 ||
      b[i] === 0xef ||
      b[i] === 0xbb ||
      b[i] === 0xbf)
  )
    i++;
  if (b[i] !== 0x7b) return undefined;
  i++;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  return i >= b.length || b[i] === 0x22 || b[i] === 0x7d ? 'json' : 'ubjson';
}

/**
 * Parses an XGBoost 1.7 model from its bytes, whatever SageMaker or xgboost wrote: JSON, the
 * legacy binary format, or either inside a (gzipped) tar such as model.tar.gz.
 */
export function parseModel(bytes: Uint8Array, source = 'model'): Booster {
  if (bytes.length === 0) throw new ModelFormatError(`${source}: the model file is empty`);
  if (isGzip(bytes)) {
    const inner = gunzipModel(bytes, source);
    return parseModel(isTar(inner) ? modelFromTar(inner, source) : inner, source);
  }
  if (isTar(bytes)) return parseModel(modelFromTar(bytes, source), source);
  const kind = jsonKind(bytes);
  if (kind === 'json') return parseJsonModel(new TextDecoder().decode(bytes), source);
  if (kind === 'ubjson') {
    throw new ModelFormatError(
      `${source}: a UBJSON model is not supported; save it as JSON (save_model('model.json'))`,
    );
  }
  if (bytes[0] === 0x80) {
    throw new ModelFormatError(
      `${source}: a Python pickle, not a model file; save the booster with booster.save_model('xgboost-model.json')`,
    );
  }
  if (startsWith(bytes, 'binf')) return parseBinaryModel(bytes, source);
  try {
    return parseBinaryModel(bytes, source);
  } catch (cause) {
    if (!(cause instanceof ModelFormatError)) throw cause;
    throw new ModelFormatError(
      `${source}: not an XGBoost model (neither JSON nor the legacy binary format): ${cause.message}`,
      { cause },
    );
  }
}
