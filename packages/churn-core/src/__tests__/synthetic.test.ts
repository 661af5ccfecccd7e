import { validateCustomer } from '../schema';
import { generateCustomers, toTelcoCsv } from '../synthetic';
import { parseTelcoCsv } from '../telco-csv';

const rows = generateCustomers(10_000, 7);
const rate = (subset: typeof rows): number => subset.filter((r) => r.churn).length / subset.length;

describe('generateCustomers', () => {
  it('gives the same rows for the same seed and different rows for another', () => {
    expect(generateCustomers(200, 7)).toEqual(rows.slice(0, 200));
    expect(generateCustomers(200, 8)).not.toEqual(rows.slice(0, 200));
  });

  it('only makes customers the API accepts (the consistency rules hold)', () => {
    const rejected = rows.filter((r) => !validateCustomer(r.customer).ok);
    expect(rejected).toEqual([]);
  });

  it('makes unique ids shaped like the real ones', () => {
    expect(new Set(rows.map((r) => r.customerId)).size).toBe(rows.length);
    expect(rows.every((r) => /^\d{4}-[A-Z]{5}$/.test(r.customerId))).toBe(true);
  });

  it('has an overall churn rate near the real 26.5%', () => {
    expect(rate(rows)).toBeGreaterThan(0.24);
    expect(rate(rows)).toBeLessThan(0.29);
  });

  it('lets the contract drive tenure and churn as in the real data', () => {
    const byContract = (c: string): typeof rows => rows.filter((r) => r.customer.contract === c);
    const meanTenure = (s: typeof rows): number => s.reduce((t, r) => t + r.customer.tenure, 0) / s.length;
    const [m2m, one, two] = ['Month-to-month', 'One year', 'Two year'].map(byContract);
    expect(meanTenure(m2m)).toBeLessThan(meanTenure(one));
    expect(meanTenure(one)).toBeLessThan(meanTenure(two));
    expect(rate(m2m)).toBeGreaterThan(0.35);
    expect(rate(two)).toBeLessThan(0.08);
  });

  it('charges fibre more than DSL and DSL more than phone-only customers', () => {
    const meanCharge = (service: string): number => {
      const s = rows.filter((r) => r.customer.internetService === service);
      return s.reduce((t, r) => t + r.customer.monthlyCharges, 0) / s.length;
    };
    expect(meanCharge('Fiber optic')).toBeGreaterThan(meanCharge('DSL') + 15);
    expect(meanCharge('DSL')).toBeGreaterThan(meanCharge('No') + 15);
  });

  it('keeps total charges near monthly x tenure, and equal to monthly for new customers', () => {
    for (const { customer: c } of rows) {
      if (c.tenure <= 1) expect(c.totalCharges).toBe(c.monthlyCharges);
      else expect(c.totalCharges / (c.monthlyCharges * c.tenure)).toBeGreaterThan(0.84);
    }
    expect(rows.some((r) => r.customer.tenure === 0)).toBe(true);
  });

  it('refuses a negative or fractional count', () => {
    expect(() => generateCustomers(-1, 1)).toThrow(RangeError);
    expect(() => generateCustomers(1.5, 1)).toThrow('whole number');
  });
});

describe('toTelcoCsv', () => {
  const text = toTelcoCsv(rows);

  it("writes the real file's layout: 0/1 seniors and a blank total for tenure 0", () => {
    const [header, ...lines] = text.trimEnd().split('\n');
    expect(header.split(',')).toHaveLength(21);
    expect(header.startsWith('customerID,gender,SeniorCitizen,')).toBe(true);
    expect(header.endsWith(',TotalCharges,Churn')).toBe(true);
    expect(lines.every((l) => /^\d{4}-[A-Z]{5},(Male|Female),[01],/.test(l))).toBe(true);
    const newcomer = rows.findIndex((r) => r.customer.tenure === 0);
    expect(lines[newcomer]).toMatch(/, ,(Yes|No)$/);
  });

  it('reads back through the parser into the same customers', () => {
    const parsed = parseTelcoCsv(text, { requireLabel: true });
    expect(parsed.errors).toEqual([]);
    expect(
      parsed.rows.map((r) => ({ customerId: r.customerId, customer: r.customer, churn: r.churn })),
    ).toEqual(rows);
  });
});
