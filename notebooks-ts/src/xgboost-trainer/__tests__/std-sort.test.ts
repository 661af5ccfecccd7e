import { readFileSync } from 'fs';
import { join } from 'path';
import { stdSortEntries } from '../std-sort';

const { cases } = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'libstdcxx-sort.json'), 'utf8')) as {
  cases: { values: number[]; rows: number[] }[];
};

describe('stdSortEntries', () => {
  it("orders equal values exactly as libstdc++'s std::sort does", () => {
    for (const { values, rows } of cases) {
      const row = Int32Array.from(values, (_, i) => i);
      const value = Float32Array.from(values);
      stdSortEntries(row, value, 0, values.length);
      expect(Array.from(row)).toEqual(rows);
    }
  });

  it('sorts only the given range', () => {
    const row = Int32Array.from([0, 1, 2, 3, 4]);
    const value = Float32Array.from([9, 3, 2, 1, 0]);
    stdSortEntries(row, value, 1, 4);
    expect(Array.from(value)).toEqual([9, 1, 2, 3, 0]);
    expect(Array.from(row)).toEqual([0, 3, 2, 1, 4]);
  });

  it('still sorts an input that drives quicksort past its depth limit (heapsort fallback)', () => {
    const n = 5000;
    const value = Float32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? i : n - i));
    const row = Int32Array.from(value, (_, i) => i);
    stdSortEntries(row, value, 0, n);
    for (let i = 1; i < n; i++) expect(value[i - 1] <= value[i]).toBe(true);
    expect(new Set(row).size).toBe(n);
  });
});
