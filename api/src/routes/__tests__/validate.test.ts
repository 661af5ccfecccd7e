import fc from 'fast-check';
import { validateCustomer } from '../../core/schema';
import { generateCustomers } from '../../core/synthetic';
import { mutate, mutation } from '../../__tests__/hostile';
import { checkCustomer } from '../validate';

const valid = generateCustomers(30, 3).map((r) => r.customer);

describe('checkCustomer', () => {
  it('agrees with the joi schema on every customer, taking the fast path only for valid ones', () => {
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.array(mutation, { maxLength: 3 }), (customer, mutations) => {
        const body = JSON.parse(mutate(customer, mutations).text);
        const fast = checkCustomer(body);
        const joi = validateCustomer(body);
        const proto = Object.hasOwn(body, '__proto__');
        expect(fast.ok).toBe(joi.ok && !proto);
        if (!fast.ok && !joi.ok)
          expect(fast.errors.slice(0, joi.errors.length).length).toBe(joi.errors.length);
      }),
      { numRuns: 1500, seed: 7 },
    );
  });

  it('refuses a "__proto__" key, which joi alone would skip', () => {
    const body = JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(valid[0]).slice(1)}`);
    expect(validateCustomer(body).ok).toBe(true);
    expect(checkCustomer(body)).toEqual({
      ok: false,
      errors: [{ field: '__proto__', message: '__proto__ is not a known field' }],
    });
  });

  it('names an empty key as "" rather than blaming the whole body', () => {
    const result = checkCustomer({ ...valid[0], '': 1 });
    expect(result).toEqual({
      ok: false,
      errors: [{ field: '', message: 'the empty key "" is not a known field' }],
    });
  });

  it('passes a valid customer through as it came', () => {
    const result = checkCustomer(valid[1]);
    expect(result.ok && result.value).toBe(valid[1]);
  });
});
