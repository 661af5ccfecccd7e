/**
 * Where a parsed JSON value holds a `__proto__` key, at any depth. JSON.parse makes `"__proto__"`
 * an own key, which joi's unknown-key check does not see: a joi schema alone lets it through
 * without a word. Iterative, since a request body may nest a hundred thousand levels deep.
 */
export function protoKeyPaths(input: unknown): (string | number)[][] {
  interface Visit {
    value: unknown;
    key: string | number;
    parent: Visit | undefined;
  }
  const pathOf = (visit: Visit | undefined): (string | number)[] => {
    const path: (string | number)[] = [];
    // The root's key is a placeholder: it has no parent.
    for (let v = visit; v?.parent !== undefined; v = v.parent) path.push(v.key);
    return path.reverse();
  };
  const found: (string | number)[][] = [];
  const stack: Visit[] = [{ value: input, key: '', parent: undefined }];
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    const { value } = visit;
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: visit });
      continue;
    }
    if (Object.hasOwn(value, '__proto__')) found.push([...pathOf(visit), '__proto__']);
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      if (keys[i] !== '__proto__')
        stack.push({ value: (value as Record<string, unknown>)[keys[i]], key: keys[i], parent: visit });
    }
  }
  return found;
}
