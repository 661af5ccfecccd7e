import { formatPythonFloat, formatPythonFloat32, parsePythonFloat } from '../python-float';

describe('formatPythonFloat32', () => {
  it("writes a float32 probability as Python's repr of it widened to a double", () => {
    expect(formatPythonFloat32(0.60263735)).toBe('0.6026373505592346');
    expect(formatPythonFloat32(0.5)).toBe('0.5');
    expect(formatPythonFloat32(0.1)).toBe('0.10000000149011612');
  });

  it('keeps one decimal on whole numbers, as Python does', () => {
    expect(formatPythonFloat32(1)).toBe('1.0');
    expect(formatPythonFloat32(0)).toBe('0.0');
    expect(formatPythonFloat(-0)).toBe('-0.0');
    expect(formatPythonFloat(1e15)).toBe('1000000000000000.0');
  });

  it('switches to scientific notation below 1e-4 and from 1e16, with two exponent digits', () => {
    expect(formatPythonFloat(0.0001)).toBe('0.0001');
    expect(formatPythonFloat(0.00001)).toBe('1e-05');
    expect(formatPythonFloat(-1.5e-7)).toBe('-1.5e-07');
    expect(formatPythonFloat(1e16)).toBe('1e+16');
    expect(formatPythonFloat(1.25e123)).toBe('1.25e+123');
  });

  it('names the non-finite values as Python does', () => {
    expect(formatPythonFloat(NaN)).toBe('nan');
    expect(formatPythonFloat(Infinity)).toBe('inf');
    expect(formatPythonFloat(-Infinity)).toBe('-inf');
  });

  it('reads back as the same float32', () => {
    for (const p of [1 / 3, 0.999999, 1e-30, 0.123456789]) {
      expect(Math.fround(Number(formatPythonFloat32(p)))).toBe(Math.fround(p));
    }
  });
});

describe('parsePythonFloat', () => {
  it('reads what Python float() reads, an empty field as missing', () => {
    expect(parsePythonFloat(' 1.5 ')).toBe(1.5);
    expect(parsePythonFloat('-.5e3')).toBe(-500);
    expect(parsePythonFloat('')).toBeNaN();
    expect(parsePythonFloat('NaN')).toBeNaN();
    expect(parsePythonFloat('-Infinity')).toBe(-Infinity);
    expect(parsePythonFloat('inf')).toBe(Infinity);
  });

  it('refuses what Python float() refuses', () => {
    for (const bad of ['0x10', '1,5', 'abc', '1e', '--1']) expect(parsePythonFloat(bad)).toBeUndefined();
  });
});
