import { validateCustomer } from '../schema';
import { generateCustomers } from '../synthetic';
import { Customer } from '../fields';

const noPhoneNoInternet: Customer = {
  gender: 'Female',
  seniorCitizen: 'No',
  partner: 'Yes',
  dependents: 'No',
  tenure: 3,
  contract: 'Month-to-month',
  paperlessBilling: 'No',
  paymentMethod: 'Mailed check',
  monthlyCharges: 20.05,
  totalCharges: 60.15,
  phoneService: 'No',
  multipleLines: 'No phone service',
  internetService: 'No',
  onlineSecurity: 'No internet service',
  onlineBackup: 'No internet service',
  deviceProtection: 'No internet service',
  techSupport: 'No internet service',
  streamingTV: 'No internet service',
  streamingMovies: 'No internet service',
};

const fieldsOf = (input: unknown): string[] => {
  const result = validateCustomer(input);
  return result.ok ? [] : result.errors.map((e) => e.field);
};

describe('validateCustomer', () => {
  it('accepts a consistent customer without phone or internet', () => {
    expect(validateCustomer(noPhoneNoInternet)).toEqual({ ok: true, value: noPhoneNoInternet });
  });

  it('rejects a phone-less customer with multiple lines', () => {
    const result = validateCustomer({ ...noPhoneNoInternet, multipleLines: 'Yes' });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          field: 'multipleLines',
          message: 'multipleLines must be "No phone service" when phoneService is "No"',
        },
      ],
    });
  });

  it('rejects "No internet service" add-ons for a customer who has internet', () => {
    const result = validateCustomer({
      ...noPhoneNoInternet,
      internetService: 'DSL',
      onlineSecurity: 'Yes',
      onlineBackup: 'No',
      deviceProtection: 'No',
      techSupport: 'No',
      streamingTV: 'No',
    });
    expect(result.ok ? [] : result.errors).toEqual([
      {
        field: 'streamingMovies',
        message: 'streamingMovies must be "Yes" or "No" when internetService is not "No"',
      },
    ]);
  });

  it('names every wrong field at once, unknown fields included', () => {
    expect(fieldsOf({ ...noPhoneNoInternet, gender: 'X', tenure: 101, extra: 1 })).toEqual([
      'gender',
      'tenure',
      'extra',
    ]);
  });

  it('does not convert strings to numbers', () => {
    expect(fieldsOf({ ...noPhoneNoInternet, tenure: '3' })).toEqual(['tenure']);
  });

  it('rejects a fractional tenure and says the unit', () => {
    const result = validateCustomer({ ...noPhoneNoInternet, tenure: 2.5 });
    expect(result.ok ? '' : result.errors[0].message).toBe(
      'tenure must be a whole number of months from 0 to 100',
    );
  });

  it('reports each missing field', () => {
    const { gender: _g, tenure: _t, ...rest } = noPhoneNoInternet;
    expect(fieldsOf(rest)).toEqual(['gender', 'tenure']);
  });

  it.each([null, [], 'text', 42])('refuses a body that is not an object (%p)', (body) => {
    expect(fieldsOf(body)).toEqual(['(body)']);
  });

  it('refuses a "__proto__" key, which joi alone would skip', () => {
    const body = JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(noPhoneNoInternet).slice(1)}`);
    expect(validateCustomer(body)).toEqual({
      ok: false,
      errors: [{ field: '__proto__', message: '__proto__ is not a known field' }],
    });
  });

  it('names an empty key as "" rather than blaming the whole body', () => {
    expect(validateCustomer({ ...noPhoneNoInternet, '': 1 })).toEqual({
      ok: false,
      errors: [{ field: '', message: 'the empty key "" is not a known field' }],
    });
  });

  it('passes a valid customer through as it came, without a copy', () => {
    const customer = generateCustomers(1, 3)[0].customer;
    const result = validateCustomer(customer);
    expect(result.ok && result.value).toBe(customer);
  });
});
