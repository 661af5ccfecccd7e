import { formatFloat32, formatParamFloat } from '../format';

describe('XGBoost number formats', () => {
  it.each([
    [0.5, '5E-1'],
    [-1.2761905, '-1.2761905E0'],
    [57.880306, '5.7880306E1'],
    [25.25, '2.525E1'],
    [50, '5E1'],
    [0, '0E0'],
    [-0, '-0E0'],
    [0.123456789, '1.2345679E-1'],
    // An exact tie at the shortest length rounds to even, as Ryu does (JavaScript rounds it up).
    [5.34765625, '5.3476562E0'],
  ])('writes the float32 %p as %p', (value, text) => {
    expect(formatFloat32(value)).toBe(text);
  });

  it('writes the shortest digits that read back as the same float32', () => {
    for (const v of [Math.fround(0.1), Math.fround(1 / 3), Math.fround(-123456.7), Math.fround(3e-9)]) {
      const text = formatFloat32(v);
      expect(Math.fround(Number(text))).toBe(v);
      const digits = text.replace(/^-|E.*$/g, '').replace('.', '').length;
      if (digits > 1) expect(Math.fround(Number(v.toPrecision(digits - 1)))).not.toBe(v);
    }
  });

  it.each([
    [1, '1'],
    [0.3, '0.300000012'],
    [2.7, '2.70000005'],
    [1e-5, '9.99999975e-06'],
  ])('writes the parameter %p as dmlc does: %p', (value, text) => {
    expect(formatParamFloat(value)).toBe(text);
  });
});
