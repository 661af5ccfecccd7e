/** Hostile request bodies for the property tests: wrong types, huge numbers, junk, stray keys. */
import fc from 'fast-check';
import { FIELD_NAMES, FIELDS, FieldName } from '@telco-churn/core/fields';
import type { Reply, Served } from './serve';

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
/** Keys that are none of `known`: the usual suspects and random text. */
export const foreignKeyOf = (known: readonly string[]): fc.Arbitrary<string> =>
  fc
    .oneof(fc.constantFrom(...FOREIGN_KEYS), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }))
    .filter((k) => !known.includes(k));
export const foreignKey = foreignKeyOf(FIELD_NAMES);

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
  | { kind: 'replace'; field: string; value: unknown }
  | { kind: 'remove'; field: string }
  | { kind: 'add'; key: string; value: unknown };

/** Breaks an object with keys `known`: a key given a hostile value or removed, a foreign key added. */
export const mutationOf = (known: readonly string[]): fc.Arbitrary<Mutation> =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('replace' as const),
        field: fc.constantFrom(...known),
        value: hostileValue,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('remove' as const), field: fc.constantFrom(...known) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('add' as const),
        key: foreignKeyOf(known),
        value: hostileValue,
      }),
    },
  );

export const mutation = mutationOf(FIELD_NAMES);

export interface ObjectRules {
  known: readonly string[];
  /** Whether `value` is one the key accepts on its own. */
  validAlone(key: string, value: unknown): boolean;
  /** Whether every known key must be present (a customer's fields) or each is optional. */
  required: boolean;
}

/** The object's JSON text after the mutations, and the keys an answer must name. */
export function mutateObject(
  base: object,
  mutations: Mutation[],
  rules: ObjectRules,
): { text: string; named: string[] } {
  let entries = Object.entries(base) as [string, unknown][];
  for (const m of mutations) {
    if (m.kind === 'replace') {
      entries = entries.some(([k]) => k === m.field)
        ? entries.map(([k, v]) => [k, k === m.field ? m.value : v])
        : [...entries, [m.field, m.value]];
    } else if (m.kind === 'remove') entries = entries.filter(([k]) => k !== m.field);
    else if (!entries.some(([k]) => k === m.key)) entries.push([m.key, m.value]);
  }
  // What the answer must name: stray keys, missing required keys, and values the key never takes.
  const present = new Map(entries);
  const named = [
    ...entries.map(([k]) => k).filter((k) => !rules.known.includes(k)),
    ...rules.known.filter((k) => (present.has(k) ? !rules.validAlone(k, present.get(k)) : rules.required)),
  ];
  return { text: objectText(entries), named };
}

export const mutate = (base: object, mutations: Mutation[]): { text: string; named: string[] } =>
  mutateObject(base, mutations, {
    known: FIELD_NAMES,
    validAlone: (key, value) => validAlone(key as FieldName, value),
    required: true,
  });

/** Posts text byte for byte, as JSON unless another media type is given. */
export const postText = (
  api: Served,
  path: string,
  text: string,
  type = 'application/json',
): Promise<Reply> => api.request('POST', path, { raw: text, headers: { 'content-type': type } });

/** A refusal: a 4xx in the API's one error shape, its request id, no stack trace. */
export function expectErrorShape(reply: Reply): void {
  expect(reply.status).toBeGreaterThanOrEqual(400);
  expect(reply.status).toBeLessThan(500);
  expect(typeof reply.json?.error?.code).toBe('string');
  expect(typeof reply.json.error.message).toBe('string');
  expect(reply.json.error.request_id).toBe(reply.headers['x-request-id']);
  expect(reply.text).not.toMatch(/\n\s+at /);
}

export const detailFields = (reply: Reply): string[] =>
  (reply.json.error.details ?? []).map((d: { field: string }) => d.field);

/** Text that JSON.parse refuses. */
const notJson = fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).filter((s) => {
  try {
    JSON.parse(s);
    return false;
  } catch {
    return true;
  }
});

/** Media types that are not JSON, or only look like it. */
const foreignMediaType = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json-seq',
  'application/jsonp',
  'json',
  'text/json',
);

export interface PropertyRun {
  seed: number;
  numRuns: number;
}

/** A 422 in the error shape that names at least one field. */
export function expect422(reply: Reply): void {
  expectErrorShape(reply);
  expect(reply.status).toBe(422);
  expect(detailFields(reply).length).toBeGreaterThan(0);
}

/** Every body is refused with a 422 in the error shape that names at least one field. */
export async function expectEach422(
  api: Served,
  path: string,
  bodies: fc.Arbitrary<string>,
  run: PropertyRun,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(bodies, async (text) => expect422(await postText(api, path, text))),
    run,
  );
}

/**
 * Text that is not JSON answers 400 `invalid_json`; a good body sent as another media type, 415.
 * An empty body is body-parser's `{}` (a 422 naming what is missing), so it is left out.
 */
export async function expectNonJsonRefused(
  api: Served,
  path: string,
  goodBody: fc.Arbitrary<string>,
  run: PropertyRun,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(notJson, async (text) => {
      const reply = await postText(api, path, text);
      expectErrorShape(reply);
      expect(reply.status).toBe(400);
      expect(reply.json.error.code).toBe('invalid_json');
    }),
    run,
  );
  await fc.assert(
    fc.asyncProperty(foreignMediaType, goodBody, async (type, body) => {
      const reply = await postText(api, path, body, type);
      expectErrorShape(reply);
      expect(reply.status).toBe(415);
    }),
    { ...run, numRuns: 50 },
  );
}

export const numberIn = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && v >= min && v <= max;
export const wholeIn = (v: unknown, min: number, max: number): boolean =>
  numberIn(v, min, max) && Number.isInteger(v);

/** JSON nested 100,000 deep: an array in arrays, and an object in objects. */
export const DEEP_JSON = [
  `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`,
];

/** A JSON body just over `bytes`, sent with a Content-Length and then chunked: a 413 naming the limit each time. */
export async function expectTooLarge(
  api: Served,
  path: string,
  bytes: number,
  message: string,
): Promise<void> {
  for (const chunked of [false, true]) {
    const reply = await api.request('POST', path, {
      raw: `{"pad":"${'x'.repeat(bytes)}"}`,
      chunked,
      headers: { 'content-type': 'application/json' },
    });
    expectErrorShape(reply);
    expect(reply.status).toBe(413);
    expect(reply.json.error).toMatchObject({ code: 'payload_too_large', message });
  }
}
