import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRng } from '@telco-churn/core/random';
import { formatPythonFloat, formatPythonFloat32 } from '../python-float';

const PYTHON = '/usr/bin/python3';
const hasNumpy =
  existsSync(PYTHON) &&
  (() => {
    try {
      execFileSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
if (!hasNumpy) console.log('python-float: skipped, /usr/bin/python3 with numpy is not installed');
const maybe = hasNumpy ? describe : describe.skip;

maybe("formatPythonFloat against Python's repr", () => {
  it('writes every value exactly as repr(float(np.float32(v))) and repr(float(v)) do', () => {
    const rng = createRng(7);
    const values = [0, 1, 0.5, 1e-5, 1e16, 1e15, 3e-45, 0.60263735];
    const bits = new Uint32Array(1);
    const asFloat32 = new Float32Array(bits.buffer);
    while (values.length < 3000) {
      bits[0] = Math.floor(rng() * 2 ** 32);
      if (Number.isFinite(asFloat32[0])) values.push(asFloat32[0]);
      values.push(rng() * 10 ** Math.floor(rng() * 40 - 20));
    }
    const script = [
      'import sys, json, numpy as np',
      'for v in json.loads(sys.stdin.read()):',
      '    print(repr(float(np.float32(v))), repr(float(v)))',
    ].join('\n');
    const lines = execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(values) })
      .toString()
      .trim()
      .split('\n');
    const mismatches = values.flatMap((value, i) => {
      const ours = `${formatPythonFloat32(value)} ${formatPythonFloat(value)}`;
      return ours === lines[i] ? [] : [`${value}: ours ${ours}, python ${lines[i]}`];
    });
    expect(mismatches).toEqual([]);
  });
});
