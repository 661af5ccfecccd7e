import fc from 'fast-check';
import { DEPENDENCIES, allowedValues, applyDependencies, conditionText, dependencyOf } from '../dependencies';
import { ADD_ONS, FIELDS, type Customer } from '../fields';
import { validateCustomer } from '../schema';
import { generateCustomers } from '../synthetic';

const customers = generateCustomers(200, 3).map((row) => row.customer);

describe('the dependency table', () => {
  it('ties multiple lines to the phone and the six add-ons to internet', () => {
    expect(dependencyOf('multipleLines')).toEqual({
      field: 'multipleLines',
      parent: 'phoneService',
      without: 'No phone service',
    });
    for (const addOn of ADD_ONS)
      expect(dependencyOf(addOn)).toEqual({
        field: addOn,
        parent: 'internetService',
        without: 'No internet service',
      });
    expect(DEPENDENCIES).toHaveLength(7);
    expect(dependencyOf('contract')).toBeUndefined();
  });

  it('names only values the field table allows', () => {
    for (const { field, without } of DEPENDENCIES) {
      const spec = FIELDS[field];
      expect(spec.kind === 'category' && (spec.values as readonly string[]).includes(without)).toBe(true);
    }
  });
});

describe('allowedValues', () => {
  it('allows only "No phone service" without a phone, and every other value with one', () => {
    expect(allowedValues('multipleLines', { phoneService: 'No' })).toEqual(['No phone service']);
    expect(allowedValues('multipleLines', { phoneService: 'Yes' })).toEqual(['Yes', 'No']);
  });

  it('gives an independent field its whole list, and a number field none', () => {
    expect(allowedValues('contract', {})).toEqual(FIELDS.contract.values);
    expect(allowedValues('tenure', {})).toEqual([]);
  });

  it('words the condition as the API does', () => {
    expect(conditionText(dependencyOf('streamingTV')!, true)).toBe('internetService is "No"');
    expect(conditionText(dependencyOf('multipleLines')!, false)).toBe('phoneService is not "No"');
  });
});

describe('applyDependencies', () => {
  it('switches every add-on to "No internet service" when internet goes off, and back to "No" when it comes on', () => {
    const off = applyDependencies({ ...customers[0], internetService: 'No' as const });
    for (const addOn of ADD_ONS) expect(off[addOn]).toBe('No internet service');
    const on = applyDependencies({ ...off, internetService: 'DSL' as const });
    for (const addOn of ADD_ONS) expect(on[addOn]).toBe('No');
  });

  it('leaves a customer that already follows the rules as it was', () => {
    for (const customer of customers) expect(applyDependencies(customer)).toEqual(customer);
  });

  it('makes any mix of services and dependent values a customer the schema accepts', () => {
    const dependentValue = (field: (typeof DEPENDENCIES)[number]['field']) => {
      const spec = FIELDS[field];
      return fc.constantFrom(...(spec.kind === 'category' ? spec.values : []));
    };
    const record = Object.fromEntries(DEPENDENCIES.map(({ field }) => [field, dependentValue(field)]));
    fc.assert(
      fc.property(
        fc.constantFrom(...customers),
        fc.constantFrom(...FIELDS.phoneService.values),
        fc.constantFrom(...FIELDS.internetService.values),
        fc.record(record),
        (customer, phoneService, internetService, dependents) => {
          const mixed = { ...customer, phoneService, internetService, ...dependents } as Customer;
          expect(validateCustomer(applyDependencies(mixed)).ok).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
