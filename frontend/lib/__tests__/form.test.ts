import fc from 'fast-check';
import { ADD_ONS, FIELD_NAMES, FIELDS, type FieldName } from '@telco-churn/core/fields';
import { validateCustomer } from '@telco-churn/core/schema';
import { validateForm } from '../client-validate';
import { DEFAULT_CUSTOMER, PRESETS, setField, toFormValues, type FormValues } from '../form-state';

const categoryNames = FIELD_NAMES.filter((n) => FIELDS[n].kind === 'category');
const numberNames = FIELD_NAMES.filter((n) => FIELDS[n].kind !== 'category');

/** The joi schema's view of form values: numbers parsed the way the form sends them. */
function serverErrors(values: FormValues) {
  const body = Object.fromEntries(
    FIELD_NAMES.map((n) => [
      n,
      FIELDS[n].kind === 'category' ? values[n] : values[n].trim() === '' ? undefined : Number(values[n]),
    ]),
  );
  const result = validateCustomer(body);
  if (result.ok) return [];
  // joi lists every broken rule; the form shows each field's first.
  return result.errors.filter((e, i) => result.errors.findIndex((o) => o.field === e.field) === i);
}

describe('the predict form state', () => {
  it('starts from customers the API accepts', () => {
    for (const customer of [DEFAULT_CUSTOMER, ...PRESETS.map((p) => p.customer)])
      expect(validateCustomer(customer)).toEqual({ ok: true, value: customer });
  });

  it('sets multiple lines to "No phone service" when phone service is turned off, and back to "No"', () => {
    const off = setField(toFormValues(DEFAULT_CUSTOMER), 'phoneService', 'No');
    expect(off.multipleLines).toBe('No phone service');
    expect(setField(off, 'phoneService', 'Yes').multipleLines).toBe('No');
  });

  it('sets every add-on to "No internet service" without internet, and back to "No" with it', () => {
    const off = setField(toFormValues(DEFAULT_CUSTOMER), 'internetService', 'No');
    for (const addOn of ADD_ONS) expect(off[addOn]).toBe('No internet service');
    const on = setField(off, 'internetService', 'DSL');
    for (const addOn of ADD_ONS) expect(on[addOn]).toBe('No');
  });

  it('keeps any sequence of edits consistent with the API schema', () => {
    const edit = fc
      .constantFrom(...categoryNames)
      .chain((name) =>
        fc
          .constantFrom(...(FIELDS[name] as { values: readonly string[] }).values)
          .map((value) => [name, value] as const),
      );
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 30 }), (edits) => {
        let values = toFormValues(DEFAULT_CUSTOMER);
        for (const [name, value] of edits) {
          // The form only offers allowed values of dependent fields; parents and free fields take anything.
          const dependent = name === 'multipleLines' || (ADD_ONS as readonly string[]).includes(name);
          if (dependent) continue;
          values = setField(values, name as FieldName, value);
        }
        expect(serverErrors(values)).toEqual([]);
        expect(validateForm(values).ok).toBe(true);
      }),
    );
  });
});

describe('the browser-side validation', () => {
  it('gives the API schema’s first message for each field, word for word, for any field values', () => {
    const numberText = fc.oneof(
      fc.constantFrom(
        '',
        ' ',
        '-1',
        '0',
        '12',
        '12.5',
        '100',
        '101',
        '200',
        '200.01',
        '9999.99',
        '10000',
        '10001',
        'abc',
        '1e3',
      ),
      fc.double({ min: -50, max: 12000, noNaN: true }).map(String),
    );
    const categoryText = (name: FieldName) =>
      fc.constantFrom(...(FIELDS[name] as { values: readonly string[] }).values, 'Maybe');
    const values = fc.record(
      Object.fromEntries([
        ...numberNames.map((n) => [n, numberText]),
        ...categoryNames.map((n) => [n, categoryText(n)]),
      ]) as Record<FieldName, fc.Arbitrary<string>>,
    );
    fc.assert(
      fc.property(values, (v) => {
        const client = validateForm(v);
        const server = serverErrors(v);
        expect(client.ok ? [] : client.errors).toEqual(server);
      }),
      { numRuns: 300 },
    );
  });

  it('turns valid text into the typed customer the API expects', () => {
    const result = validateForm(toFormValues(DEFAULT_CUSTOMER));
    expect(result).toEqual({ ok: true, value: DEFAULT_CUSTOMER });
  });
});
