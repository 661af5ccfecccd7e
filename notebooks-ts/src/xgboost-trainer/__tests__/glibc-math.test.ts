import { readFileSync } from 'fs';
import { join } from 'path';
import { expf32 } from '@telco-churn/xgboost-runtime/expf32';
import { logf32 } from '../logf32';

const view = new DataView(new ArrayBuffer(4));
const fromBits = (b: number) => {
  view.setUint32(0, b);
  return view.getFloat32(0);
};
const casesOf = (name: string) =>
  (
    JSON.parse(readFileSync(join(__dirname, 'fixtures', `glibc-${name}.json`), 'utf8')) as {
      cases: [number, number][];
    }
  ).cases;

describe.each([
  ['expf', expf32, Math.exp],
  ['logf', logf32, Math.log],
] as const)('glibc %s', (name, ours, float64) => {
  it(`returns glibc's ${name} bit for bit, including where the float64 function rounded to float32 does not`, () => {
    let naiveMisses = 0;
    for (const [x, expected] of casesOf(name)) {
      const input = fromBits(x);
      expect([input, ours(input)]).toEqual([input, fromBits(expected)]);
      if (Math.fround(float64(input)) !== fromBits(expected)) naiveMisses++;
    }
    expect(naiveMisses).toBeGreaterThanOrEqual(100);
  });
});

describe('special values', () => {
  it('expf overflows to Infinity, underflows to 0 and passes NaN through', () => {
    expect(expf32(89)).toBe(Infinity);
    expect(expf32(-104)).toBe(0);
    expect(expf32(-Infinity)).toBe(0);
    expect(expf32(NaN)).toBeNaN();
  });

  it('logf gives -Infinity at 0, NaN below 0 and for NaN, Infinity at Infinity', () => {
    expect(logf32(0)).toBe(-Infinity);
    expect(logf32(-0)).toBe(-Infinity);
    expect(logf32(-1)).toBeNaN();
    expect(logf32(NaN)).toBeNaN();
    expect(logf32(Infinity)).toBe(Infinity);
  });
});
