import { readFileSync } from 'fs';
import { join } from 'path';
import { expf32 } from '../expf32';

const { cases } = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'glibc-expf.json'), 'utf8')) as {
  cases: [number, number][];
};
const view = new DataView(new ArrayBuffer(4));
const fromBits = (b: number) => {
  view.setUint32(0, b);
  return view.getFloat32(0);
};

describe('expf32', () => {
  it("returns glibc's expf bit for bit, including where float64 exp rounded to float32 does not", () => {
    let naiveMisses = 0;
    for (const [x, expected] of cases) {
      const input = fromBits(x);
      expect([input, expf32(input)]).toEqual([input, fromBits(expected)]);
      if (Math.fround(Math.exp(input)) !== fromBits(expected)) naiveMisses++;
    }
    expect(naiveMisses).toBeGreaterThanOrEqual(100);
  });

  it('overflows to Infinity, underflows to 0 and passes NaN through', () => {
    expect(expf32(89)).toBe(Infinity);
    expect(expf32(-104)).toBe(0);
    expect(expf32(-Infinity)).toBe(0);
    expect(expf32(NaN)).toBeNaN();
  });
});
