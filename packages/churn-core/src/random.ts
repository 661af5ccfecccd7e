/**
 * A small seeded PRNG shared by the synthetic generator, the trainer and cross-validation:
 * the same seed gives the same stream on every machine, so data, folds and models are
 * reproducible. Not for cryptography.
 */

/** A uniform generator of numbers in [0, 1). */
export type Rng = () => number;

/** Scrambles any number into a well-mixed 32-bit state (splitmix32), so seeds 0, 1, 2 give unrelated streams. */
function mixSeed(seed: number): number {
  let z = (Math.floor(seed) ^ Math.floor(seed / 0x100000000)) >>> 0;
  z = (z + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * mulberry32: one 32-bit state, period 2^32, passes gjrand/PractRand to ~2^32 outputs —
 * more than enough for data sets and folds of this size, and fast in plain JavaScript.
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`the RNG seed must be a finite number, got ${seed}`);
  let state = mixSeed(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max] inclusive. */
export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** A standard normal draw (Box-Muller); `mean` and `sd` shift and scale it. */
export function normal(rng: Rng, mean = 0, sd = 1): number {
  // 1 - rng() is in (0, 1], so the logarithm is finite.
  const u = 1 - rng();
  const v = rng();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** True with probability `p`. */
export const bernoulli = (rng: Rng, p: number): boolean => rng() < p;

/** One item drawn with the given (not necessarily normalised) weights. */
export function pickWeighted<T>(rng: Rng, items: readonly T[], weights: readonly number[]): T {
  if (items.length === 0 || items.length !== weights.length) {
    throw new RangeError('pickWeighted needs as many weights as items, and at least one item');
  }
  let total = 0;
  for (const w of weights) total += w;
  let r = rng() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i];
    if (r < 0) return items[i];
  }
  return items[items.length - 1];
}

/** One item drawn uniformly. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick needs at least one item');
  return items[Math.floor(rng() * items.length)];
}

/** Fisher-Yates shuffle in place; returns the same array. */
export function shuffleInPlace<A extends { length: number; [i: number]: unknown }>(rng: Rng, items: A): A {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/** A shuffled copy; the input is left as it was. */
export const shuffled = <T>(rng: Rng, items: readonly T[]): T[] => shuffleInPlace(rng, [...items]);

/** The indices 0..n-1 in a random order (row permutations for splits and folds). */
export const permutation = (rng: Rng, n: number): Uint32Array =>
  shuffleInPlace(
    rng,
    Uint32Array.from({ length: n }, (_, i) => i),
  );
