import fc from 'fast-check';
import { ADD_ONS, Customer } from '../../fields';
import { validateCustomer } from '../../schema';
import { generateCustomers } from '../../synthetic';
import { DEFAULT_CATALOGUE, PROTECTED_FIELDS } from '../catalogue';
import { candidatesFor, compileOffers, discounted } from '../offers';
import { catalogueArb } from './arbitraries';

const shipped = compileOffers(DEFAULT_CATALOGUE.offers);
const customerAt = (seed: number): Customer => generateCustomers(1, seed)[0].customer;

describe('offers applied to customers', () => {
  it('never change a protected field nor produce an invalid customer (generated customers, generated catalogues)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), catalogueArb(), (seed, catalogue) => {
        const customer = customerAt(seed);
        for (const compiled of [shipped, compileOffers(catalogue.offers)]) {
          const { candidates, skipped } = candidatesFor(customer, compiled);
          expect(candidates.length + skipped.length).toBeGreaterThanOrEqual(compiled.offers.length);
          for (const c of candidates) {
            expect(validateCustomer(c.customer).ok).toBe(true);
            for (const field of PROTECTED_FIELDS) expect(c.customer[field]).toBe(customer[field]);
            expect(c.customer.phoneService).toBe(customer.phoneService);
            expect(c.customer.internetService).toBe(customer.internetService);
            for (const [field, value] of Object.entries(c.changes)) {
              expect(c.customer[field as keyof Customer]).toBe(value);
              expect(customer[field as keyof Customer]).not.toBe(value);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('leaves the customer it is given as it was', () => {
    const customer = customerAt(4);
    const copy = { ...customer };
    candidatesFor(customer, shipped);
    expect(customer).toEqual(copy);
  });

  it('skips a contract offer for a customer already on a two-year contract, saying why', () => {
    const customer: Customer = { ...customerAt(5), contract: 'Two year' };
    const { skipped, candidates } = candidatesFor(customer, shipped);
    expect(skipped).toEqual(
      expect.arrayContaining([
        { id: 'one_year_contract', reason: 'contract is "Two year"; the offer is only for "Month-to-month"' },
        {
          id: 'two_year_contract',
          reason: 'contract is "Two year"; the offer is only for "Month-to-month" or "One year"',
        },
      ]),
    );
    expect(candidates.every((c) => !('contract' in c.changes))).toBe(true);
  });

  it('skips tech support for a customer without internet, and an add-on the customer already has', () => {
    const offline: Customer = {
      ...customerAt(6),
      internetService: 'No',
      ...Object.fromEntries(ADD_ONS.map((f) => [f, 'No internet service'])),
    } as Customer;
    expect(candidatesFor(offline, shipped).skipped).toContainEqual({
      id: 'free_tech_support',
      reason: 'the customer has no internet service (techSupport is "No internet service")',
    });
    const covered: Customer = {
      ...customerAt(6),
      internetService: 'DSL',
      techSupport: 'Yes',
      onlineSecurity: 'No',
    };
    expect(candidatesFor(covered, shipped).skipped).toContainEqual({
      id: 'free_tech_support',
      reason: 'techSupport is already "Yes"',
    });
  });

  it('pairs offers that change different fields, never two contract or two discount offers', () => {
    const pairIds = shipped.ids.slice(shipped.offers.length);
    expect(pairIds).toContain('one_year_contract+discount_10');
    expect(pairIds).not.toContain('one_year_contract+two_year_contract');
    expect(pairIds).not.toContain('discount_10+discount_20');
    const customer: Customer = {
      ...customerAt(7),
      contract: 'Month-to-month',
      paymentMethod: 'Mailed check',
    };
    const pair = candidatesFor(customer, shipped).candidates.find(
      (c) => c.id === 'one_year_contract+autopay',
    );
    expect(pair?.changes).toEqual({ contract: 'One year', paymentMethod: 'Credit card (automatic)' });
    expect(pair?.acceptanceRate).toBe(0.15);
    expect(pair?.oneOffCost).toBe(40);
  });

  it('takes a discount off monthlyCharges to the cent', () => {
    expect(discounted(29.85, 10)).toBe(26.87);
    expect(discounted(100, 20)).toBe(80);
    const customer: Customer = { ...customerAt(8), monthlyCharges: 70.35 };
    const c = candidatesFor(customer, shipped).candidates.find((x) => x.id === 'discount_20');
    expect(c?.changes).toEqual({ monthlyCharges: 56.28 });
  });
});
