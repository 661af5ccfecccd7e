import { protoKeyPaths } from '../proto-keys';

describe('protoKeyPaths', () => {
  it('finds every own __proto__ key of parsed JSON, with its path', () => {
    const parsed = JSON.parse(
      '{"__proto__":{"a":1},"list":[{"b":{"__proto__":null}},[{"__proto__":2}]],"c":{"d":"__proto__"}}',
    );
    expect(protoKeyPaths(parsed)).toEqual([
      ['__proto__'],
      ['list', 0, 'b', '__proto__'],
      ['list', 1, 0, '__proto__'],
    ]);
  });

  it('finds none in objects built in code, whose __proto__ is their prototype', () => {
    expect(protoKeyPaths({ a: { b: [1, { c: 'x' }] } })).toEqual([]);
    expect(protoKeyPaths(Object.create(null))).toEqual([]);
  });

  it('walks a value nested 200,000 levels deep without running out of stack', () => {
    const depth = 200_000;
    const parsed = JSON.parse(`${'{"a":'.repeat(depth)}{"__proto__":1}${'}'.repeat(depth)}`);
    const [path] = protoKeyPaths(parsed);
    expect(path).toHaveLength(depth + 1);
    expect(path[depth]).toBe('__proto__');
  });
});
