import fc from 'fast-check';
import { formatFloat32, PayloadWidthError, toCsvPayload } from '../sagemaker-csv';

const float32FromBits = (bits: number) => new Float32Array(new Uint32Array([bits >>> 0]).buffer)[0];

describe('formatFloat32', () => {
  it('writes the fewest digits that name the float32, not the widened double', () => {
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(Math.fround(-1.2345678))).toBe('-1.2345678');
    expect(formatFloat32(Math.fround(1 / 3))).toBe('0.33333334');
  });

  it('writes whole numbers without a decimal point', () => {
    expect(formatFloat32(0)).toBe('0');
    expect(formatFloat32(1)).toBe('1');
    expect(formatFloat32(-7)).toBe('-7');
  });

  it('leaves a missing value (NaN) as an empty field, as XGBoost reads CSV', () => {
    expect(formatFloat32(NaN)).toBe('');
  });

  it('round-trips every finite float32 through a double parse and a float32 cast, in at most 9 digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (bits) => {
        const f = float32FromBits(bits);
        if (!Number.isFinite(f)) return true;
        const text = formatFloat32(f);
        const significant = text
          .replace(/^-/, '')
          .replace(/e.*$/, '')
          .replace('.', '')
          .replace(/^0+/, '')
          .replace(/0+$/, '');
        return Math.fround(Number(text)) === f && significant.length <= 9;
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('toCsvPayload', () => {
  it('writes one line per row, features in order, with a trailing newline', () => {
    const x = Float32Array.from([1, 0.5, 0, Math.fround(0.2), NaN, 3]);
    expect(toCsvPayload(x, 2, 3)).toBe('1,0.5,0\n0.2,,3\n');
  });

  it('refuses rows whose width differs from the model, since the container would silently read too few columns as missing', () => {
    expect(() => toCsvPayload(new Float32Array(5), 2, 3)).toThrow(PayloadWidthError);
    expect(() => toCsvPayload(new Float32Array(5), 2, 3)).toThrow(
      'expected 2 rows of 3 features (6 values), got 5 values',
    );
  });

  it('refuses an empty batch', () => {
    expect(() => toCsvPayload(new Float32Array(0), 0, 3)).toThrow('at least one row');
  });
});
