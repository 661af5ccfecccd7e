import fc from 'fast-check';
import { ADD_ON_VALUES, ADD_ONS, FIELD_NAMES, FIELDS, FieldName } from '../fields';
import { customerSchema, isPlainlyValid } from '../schema';

describe('isPlainlyValid', () => {
  const anyValue = (name: FieldName): fc.Arbitrary<unknown> => {
    const spec = FIELDS[name];
    if (spec.kind === 'category') return fc.constantFrom(...spec.values, ...ADD_ON_VALUES, 'x');
    return fc.oneof(
      fc.integer({ min: -2, max: spec.max + 2 }),
      fc.double({ min: -1, max: spec.max + 1 }),
      fc.constant('7'),
    );
  };
  const goodValue = (name: FieldName): fc.Arbitrary<unknown> => {
    const spec = FIELDS[name];
    if (spec.kind === 'category') return fc.constantFrom(...spec.values);
    if (spec.kind === 'integer') return fc.integer({ min: spec.min, max: spec.max });
    return fc.double({ min: spec.min, max: spec.max, noNaN: true });
  };
  // Mostly consistent customers with one or two fields disturbed or dropped, so both verdicts occur often.
  const consistent = fc
    .record(
      Object.fromEntries(FIELD_NAMES.map((n) => [n, goodValue(n)])) as Record<
        FieldName,
        fc.Arbitrary<unknown>
      >,
    )
    .map((c) => {
      const d: Record<string, unknown> = { ...c };
      if (d.phoneService === 'No') d.multipleLines = 'No phone service';
      else if (d.multipleLines === 'No phone service') d.multipleLines = 'No';
      for (const f of ADD_ONS) {
        if (d.internetService === 'No') d[f] = 'No internet service';
        else if (d[f] === 'No internet service') d[f] = 'Yes';
      }
      return d;
    });
  const disturbance = fc.array(
    fc.constantFrom(...FIELD_NAMES).chain((n) => fc.tuple(fc.constant(n), fc.option(anyValue(n)))),
    { maxLength: 2 },
  );
  const draft = fc.tuple(consistent, disturbance).map(([d, changes]) => {
    const out = { ...d };
    for (const [name, value] of changes) {
      if (value === null) delete out[name];
      else out[name] = value;
    }
    return out;
  });

  it('agrees with the joi schema on every draft, so skipping joi never lets a bad customer in', () => {
    const verdicts = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(draft, (d) => {
        const ok = customerSchema().validate(d).error === undefined;
        verdicts[ok ? 'valid' : 'invalid']++;
        expect(isPlainlyValid(d)).toBe(ok);
      }),
      { numRuns: 2000, seed: 20261124 },
    );
    expect(Math.min(verdicts.valid, verdicts.invalid)).toBeGreaterThan(200);
  });

  it.each([null, [], 'text', 42, undefined])(
    'says no, without throwing, to a body that is not an object (%p)',
    (body) => {
      expect(isPlainlyValid(body)).toBe(false);
    },
  );
});
