/**
 * `expf` exactly as glibc (2.28 and later, the libm python3-xgboost uses) computes it, so
 * gradients — and from them every split and leaf — match XGBoost bit for bit. `Math.exp`
 * rounded to float32 differs from glibc in about 1 input in 1,600, enough to flip a
 * near-tied split a few dozen trees into training.
 *
 * The algorithm (ARM's optimized-routines, adopted by glibc): x = (k + r) ln2 / 32 with k an
 * integer and |r| <= 1/2; exp(x) = 2^(k/32) 2^(r/32), the first factor from a 32-entry table
 * of 2^(j/32) scaled by a power of two, the second from a cubic; all in float64, rounded to
 * float32 once. Checked equal to glibc 2.36's expf on 2,000,000 inputs (see the README).
 */

const N = 32;
/** 1/ln2 * 32, and the cubic's coefficients scaled for r in units of 1/32 (glibc's constants). */
const INV_LN2_N = (0x171547652b82fe / 2 ** 52) * N;
const C0 = ((0x1c6af84b912394 / 2 ** 52) * 2 ** -5) / N ** 3;
const C1 = ((0x1ebfce50fac4f3 / 2 ** 52) * 2 ** -3) / N ** 2;
const C2 = ((0x162e42ff0c52d6 / 2 ** 52) * 2 ** -1) / N;
/** Adding then subtracting 1.5 * 2^52 rounds a double to the nearest integer (ties to even). */
const SHIFT = 1.5 * 2 ** 52;
/** glibc's limits 0x1.62e42ep6 (~88.72, above: overflow) and -0x1.9fe368p6 (~-103.97, below: 0). */
const OVERFLOW = 0x162e42e / 2 ** 18;
const UNDERFLOW = -0x19fe368 / 2 ** 18;

/** 2^(j/32) for j = 0..31, each the float64 nearest the true value (integer 32nd roots in BigInt). */
const TABLE = Array.from({ length: N }, (_, j) => {
  // m = round(2^(52 + j/32)) from q = floor(2^(53 + j/32)), the integer with
  // q^32 <= 2^(1696 + j) < (q + 1)^32. Float64 lands within a few units of q, so a few exact
  // steps find it: this runs at every start, and bisecting all 54 bits cost ~4 ms of a cold start.
  const target = 1n << BigInt(1696 + j);
  let q = BigInt(Math.floor(2 ** (53 + j / N)));
  while (q ** 32n > target) q -= 1n;
  while ((q + 1n) ** 32n <= target) q += 1n;
  return Number((q + 1n) >> 1n) / 2 ** 52;
});

export function expf32(x: number): number {
  const xd = Math.fround(x);
  if (!(xd <= OVERFLOW)) return xd !== xd ? NaN : Infinity;
  if (xd < UNDERFLOW) return 0;
  const z = INV_LN2_N * xd;
  const kd = z + SHIFT - SHIFT;
  const r = z - kd;
  const s = TABLE[kd & 31] * 2 ** (kd >> 5);
  const y = (C0 * r + C1) * (r * r) + (C2 * r + 1);
  return Math.fround(y * s);
}
