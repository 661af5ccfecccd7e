/**
 * Number formats of XGBoost 1.7's JSON writer, so a model we write reads like one it wrote
 * (checked against `Booster.save_model('m.json')` of python3-xgboost 1.7.4).
 */

/**
 * A float32 as XGBoost's JSON writer prints it: the shortest decimal that reads back as the
 * same float32, in scientific notation with a capital `E` and no `+` (`5E-1`, `-1.2761905E0`,
 * `0E0`, `-0E0`).
 */
export function formatFloat32(value: number): string {
  const v = Math.fround(value);
  if (!Number.isFinite(v)) {
    // XGBoost writes non-finite floats this way; a model never holds one unless training diverged.
    return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  }
  if (v === 0) return Object.is(v, -0) ? '-0E0' : '0E0';
  let exp = '';
  let digits = 1;
  for (; digits <= 9; digits++) {
    exp = v.toExponential(digits - 1);
    if (Math.fround(Number(exp)) === v) break;
  }
  exp = halfEven(v, exp, digits);
  const [mantissa, power] = exp.split('e');
  return `${mantissa}E${power.startsWith('+') ? power.slice(1) : power}`;
}

/**
 * A float parameter as dmlc-core's parameter manager prints it (C++ ostream with
 * `setprecision(9)`, i.e. `%.9g`): `1`, `0.300000012`, `2.70000005`.
 */
export function formatParamFloat(value: number): string {
  const v = Math.fround(value);
  if (v === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(v)));
  if (exponent < -4 || exponent >= 9) {
    const [mantissa, power] = v.toExponential(8).split('e');
    const sign = power.startsWith('-') ? '-' : '+';
    const digits = power.replace(/^[+-]/, '').padStart(2, '0');
    return `${trimZeros(mantissa)}e${sign}${digits}`;
  }
  return trimZeros(v.toPrecision(9));
}

/**
 * JavaScript rounds an exact tie half up (5.34765625 -> 5.3476563); Ryu, which XGBoost's
 * writer uses, rounds it to even (5.3476562). Both read back as the same float32.
 */
function halfEven(v: number, exp: string, digits: number): string {
  // The digits past the kept ones, exactly (a float32 never needs more than ~40 more here).
  const dropped = v
    .toExponential(Math.min(100, digits + 40))
    .split('e')[0]
    .replace(/^-|\./g, '')
    .slice(digits);
  if (!/^50*$/.test(dropped)) return exp;
  const [mantissa, power] = exp.split('e');
  const last = Number(mantissa[mantissa.length - 1]);
  if (last % 2 === 0) return exp;
  return `${mantissa.slice(0, -1)}${last - 1}e${power}`;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
