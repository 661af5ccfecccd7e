/** Hostile request bodies for the property tests: wrong types, huge numbers, junk, stray keys. */
import fc from 'fast-check';
import { FIELD_NAMES, FIELDS, FieldName } from '@telco-churn/core/fields';

/** JSON text from ordered entries, so keys like `__proto__` really reach the server. */
export const objectText = (entries: [string, unknown][]): string =>
  `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v === undefined ? 'null' : JSON.stringify(v)}`).join(',')}}`;

export const nested = fc
  .integer({ min: 1, max: 2000 })
  .map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e999',
    '',
    ' ',
    '42',
    'null',
    'true',
    '0x10',
    'yes',
    'YES',
  ),
  fc.constantFrom('No\u0000', 'Month-to-month\n', 'Fiber\u00a0optic', 'Ｙｅｓ', '💥', 'DSL'.repeat(10_000)),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 5e-324, 1e21, -1, 101, 200.0001, 10_000.5),
  fc.double(),
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 4 }),
  nested,
);

export const FOREIGN_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '',
  'ß',
  '🔑',
];
export const foreignKey = fc
  .oneof(fc.constantFrom(...FOREIGN_KEYS), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }))
  .filter((k) => !(FIELD_NAMES as string[]).includes(k));

/** A value the field accepts on its own (so a 422 may rightly name a field that depends on it instead). */
export function validAlone(field: FieldName, value: unknown): boolean {
  const spec = FIELDS[field];
  if (spec.kind === 'category') return typeof value === 'string' && spec.values.includes(value);
  return (
    typeof value === 'number' &&
    value >= spec.min &&
    value <= spec.max &&
    (spec.kind === 'number' || Number.isInteger(value))
  );
}

export type Mutation =
  | { kind: 'replace'; field: FieldName; value: unknown }
  | { kind: 'remove'; field: FieldName }
  | { kind: 'add'; key: string; value: unknown };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      field: fc.constantFrom(...FIELD_NAMES),
      value: hostileValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('remove' as const), field: fc.constantFrom(...FIELD_NAMES) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('add' as const), key: foreignKey, value: hostileValue }),
  },
);

export function mutate(base: object, mutations: Mutation[]): { text: string; named: string[] } {
  let entries = Object.entries(base) as [string, unknown][];
  for (const m of mutations) {
    if (m.kind === 'replace') entries = entries.map(([k, v]) => [k, k === m.field ? m.value : v]);
    else if (m.kind === 'remove') entries = entries.filter(([k]) => k !== m.field);
    else if (!entries.some(([k]) => k === m.key)) entries.push([m.key, m.value]);
  }
  // What the answer must name: stray keys, missing fields, and values no customer could have.
  const present = new Map(entries);
  const named = [
    ...entries.map(([k]) => k).filter((k) => !(FIELD_NAMES as string[]).includes(k)),
    ...FIELD_NAMES.filter((f) => !present.has(f) || !validAlone(f, present.get(f))),
  ];
  return { text: objectText(entries), named };
}
