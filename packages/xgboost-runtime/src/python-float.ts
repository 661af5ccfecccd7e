/**
 * Python's `repr` of a float32 widened to a double: how the SageMaker XGBoost container (and
 * `print(float(p))` in a notebook) writes a probability, e.g. `0.60263735` -> "0.6026373505592346".
 * Shortest round-trip digits (the same digits JavaScript picks), fixed notation for decimal
 * exponents -4..15 with at least one decimal ("1.0"), otherwise `d.ddde-05` with two or more
 * exponent digits.
 */
export function formatPythonFloat32(value: number): string {
  return formatPythonFloat(Math.fround(value));
}

export function formatPythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const [mantissa, exp] = Math.abs(value).toExponential().split('e');
  const exponent = Number(exp);
  const digits = mantissa.replace('.', '');
  if (exponent < -4 || exponent >= 16) {
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${magnitude}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
}

/**
 * Python's float() of one CSV field as the SageMaker container reads it: decimal numbers,
 * `nan`, `inf`, `infinity` (any case, signed), blanks around; an empty field is NaN (missing).
 * Undefined when Python would raise ValueError.
 */
export function parsePythonFloat(token: string): number | undefined {
  const text = token.trim();
  if (text === '' || /^[+-]?nan$/i.test(text)) return NaN;
  if (/^[+-]?inf(inity)?$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}
