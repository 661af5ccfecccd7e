import { safeNextPath } from '../safe-next';

describe('the after-sign-in redirect', () => {
  it.each([
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['/\r\n/x'],
    ['//evil.example'],
    ['/\\evil.example'],
    ['/ /x'],
    ['https://evil.example/'],
    ['javascript:alert(1)'],
    ['model'],
    [''],
    [`/${'a'.repeat(3000)}`],
    [undefined],
    [['/a', '/b']],
  ])('refuses %j and goes home instead', (value) => {
    expect(safeNextPath(value)).toBe('/');
  });

  it.each([
    ['/', '/'],
    ['/model', '/model'],
    ['/batch?x=1&y=%20#done', '/batch?x=1&y=%20#done'],
    ['/a/../model', '/model'],
    ['/%0a/x', '/%0a/x'],
  ])('keeps the local path %j as %j', (value, expected) => {
    expect(safeNextPath(value)).toBe(expected);
  });
});
