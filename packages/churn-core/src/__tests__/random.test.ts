import { createRng, normal, permutation, pickWeighted, randomInt, shuffled } from '../random';

const draw = (seed: number, n: number): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng());
};

describe('createRng', () => {
  it('gives the same stream for the same seed', () => {
    expect(draw(42, 100)).toEqual(draw(42, 100));
  });

  it('gives unrelated streams for neighbouring seeds', () => {
    const a = draw(0, 50);
    const b = draw(1, 50);
    expect(a.filter((x, i) => x === b[i])).toHaveLength(0);
  });

  it('stays in [0, 1) with a mean near one half', () => {
    const xs = draw(7, 100_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeCloseTo(0.5, 2);
  });

  it('refuses a seed that is not a finite number', () => {
    expect(() => createRng(Number.NaN)).toThrow('seed');
  });
});

describe('helpers', () => {
  it('draws normals with the requested mean and spread', () => {
    const rng = createRng(3);
    const xs = Array.from({ length: 50_000 }, () => normal(rng, 10, 2));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
  });

  it('draws integers over the whole inclusive range', () => {
    const rng = createRng(5);
    const seen = new Set(Array.from({ length: 1000 }, () => randomInt(rng, 1, 6)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('follows the weights when picking', () => {
    const rng = createRng(9);
    const picks = Array.from({ length: 20_000 }, () => pickWeighted(rng, ['a', 'b'], [3, 1]));
    expect(picks.filter((p) => p === 'a').length / picks.length).toBeCloseTo(0.75, 1);
  });

  it('shuffles into a permutation without touching the input', () => {
    const input = Array.from({ length: 100 }, (_, i) => i);
    const out = shuffled(createRng(11), input);
    expect(input).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(out).not.toEqual(input);
    expect([...out].sort((a, b) => a - b)).toEqual(input);
  });

  it('builds the same permutation for the same seed', () => {
    expect(permutation(createRng(1), 50)).toEqual(permutation(createRng(1), 50));
  });
});
