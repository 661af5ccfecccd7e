import { Mt19937, canonical53, stdShuffle } from '../std-random';

describe('Mt19937', () => {
  it('gives the C++ standard reference values (first draw for seed 5489, and the 10,000th)', () => {
    const g = new Mt19937(5489);
    expect(g.next()).toBe(3499211612);
    for (let i = 2; i < 10000; i++) g.next();
    expect(g.next()).toBe(4123659995);
  });
});

describe('canonical53', () => {
  it('draws doubles in [0, 1) from two 32-bit words', () => {
    const g = new Mt19937(1);
    const draws = Array.from({ length: 1000 }, () => canonical53(g));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(new Set(draws).size).toBe(1000);
  });
});

describe('stdShuffle', () => {
  it('permutes, reproducibly for a seed', () => {
    const a = Int32Array.from({ length: 46 }, (_, i) => i);
    const b = Int32Array.from({ length: 46 }, (_, i) => i);
    stdShuffle(a, new Mt19937(9));
    stdShuffle(b, new Mt19937(9));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 46 }, (_, i) => i));
    expect(Array.from(a)).not.toEqual(Array.from({ length: 46 }, (_, i) => i));
  });
});
