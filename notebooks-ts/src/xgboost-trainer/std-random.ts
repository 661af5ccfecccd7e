/**
 * The random streams XGBoost 1.7 draws its row and column samples from, as built with GCC 12's
 * libstdc++: `std::mt19937`, `std::bernoulli_distribution` (via `generate_canonical<double, 53>`)
 * and `std::shuffle` (Lemire's nearly-divisionless `uniform_int_distribution`, two swap
 * positions per draw). With them, `subsample` and `colsample_bytree` pick the rows and
 * features XGBoost picks for the same `seed`.
 */

/** The 32-bit Mersenne Twister, MT19937. */
export class Mt19937 {
  private readonly mt = new Uint32Array(624);
  private index = 624;

  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  next(): number {
    if (this.index >= 624) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < 624; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
      mt[i] = mt[(i + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }
}

/** `std::generate_canonical<double, 53>`: two 32-bit draws, low word first, scaled to [0, 1). */
export function canonical53(g: Mt19937): number {
  const low = g.next();
  const high = g.next();
  const r = (low + high * 4294967296) / 18446744073709551616;
  // The sum can round up to 2^64; libstdc++ then returns the largest double below 1.
  return r >= 1 ? 1 - 2 ** -53 : r;
}

/** `std::bernoulli_distribution(p)(g)`. */
export const bernoulli53 = (g: Mt19937, p: number): boolean => canonical53(g) < p;

/** `std::uniform_int_distribution<unsigned long>(0, range - 1)(g)` for range < 2^32 (Lemire's method). */
function uniformBelow(g: Mt19937, range: number): number {
  let product = BigInt(g.next()) * BigInt(range);
  let low = Number(product & 0xffffffffn);
  if (low < range) {
    const threshold = (2 ** 32 - range) % range;
    while (low < threshold) {
      product = BigInt(g.next()) * BigInt(range);
      low = Number(product & 0xffffffffn);
    }
  }
  return Number(product >> 32n);
}

/** `std::shuffle(items, g)` as libstdc++ does it for ranges of fewer than 2^16 items. */
export function stdShuffle(items: Int32Array, g: Mt19937): void {
  const n = items.length;
  if (n === 0) return;
  if (n >= 65536) throw new RangeError('stdShuffle follows libstdc++ only for fewer than 65,536 items');
  const swap = (a: number, b: number) => {
    const t = items[a];
    items[a] = items[b];
    items[b] = t;
  };
  let i = 1;
  // An even count leaves an odd number of swaps: the first one is drawn alone.
  if (n % 2 === 0) {
    swap(i, uniformBelow(g, 2));
    i++;
  }
  while (i !== n) {
    const range = i + 1;
    const x = uniformBelow(g, range * (range + 1));
    swap(i++, Math.floor(x / (range + 1)));
    swap(i++, x % (range + 1));
  }
}
