import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { FIELD_NAMES, FIELDS } from '../fields';
import { validateCustomer } from '../schema';
import { TELCO_COLUMNS, parseTelcoCsv, toCsv } from '../telco-csv';

const TELCO_HEADER = [...TELCO_COLUMNS];

// Made-up customers in the file's layout (not rows of the real data set).
const FIBER = [
  '0001-AAAAA',
  'Male',
  '1',
  'No',
  'No',
  '5',
  'Yes',
  'Yes',
  'Fiber optic',
  'No',
  'Yes',
  'No',
  'No',
  'Yes',
  'Yes',
  'Month-to-month',
  'Yes',
  'Electronic check',
  '99.5',
  '497.25',
  'Yes',
];
const OFFLINE = [
  '0002-BBBBB',
  'Female',
  '0',
  'Yes',
  'Yes',
  '40',
  'Yes',
  'No',
  'No',
  'No internet service',
  'No internet service',
  'No internet service',
  'No internet service',
  'No internet service',
  'No internet service',
  'Two year',
  'No',
  'Bank transfer (automatic)',
  '20.1',
  '804',
  'No',
];
const NEWCOMER = [
  '0003-CCCCC',
  'Female',
  '0',
  'No',
  'No',
  '0',
  'No',
  'No phone service',
  'DSL',
  'Yes',
  'No',
  'No',
  'Yes',
  'No',
  'No',
  'One year',
  'Yes',
  'Mailed check',
  '35.45',
  ' ',
  'No',
];

const csvOf = (header: string[], ...rows: string[][]): string => toCsv([header, ...rows]);
const reorder = (order: number[], row: string[]): string[] => order.map((i) => row[i]);

describe('parseTelcoCsv', () => {
  it('knows the real file header: 21 columns, every field once', () => {
    expect(TELCO_COLUMNS).toHaveLength(21);
    expect(new Set(TELCO_COLUMNS.slice(1, -1))).toEqual(new Set(FIELD_NAMES.map((f) => FIELDS[f].csv)));
  });

  it('reads the Telco layout: SeniorCitizen 0/1, the label and the customer id', () => {
    const { rows, errors } = parseTelcoCsv(csvOf(TELCO_HEADER, FIBER, OFFLINE));
    expect(errors).toEqual([]);
    expect(rows[0]).toEqual({
      line: 2,
      customerId: '0001-AAAAA',
      churn: true,
      customer: {
        gender: 'Male',
        seniorCitizen: 'Yes',
        partner: 'No',
        dependents: 'No',
        tenure: 5,
        phoneService: 'Yes',
        multipleLines: 'Yes',
        internetService: 'Fiber optic',
        onlineSecurity: 'No',
        onlineBackup: 'Yes',
        deviceProtection: 'No',
        techSupport: 'No',
        streamingTV: 'Yes',
        streamingMovies: 'Yes',
        contract: 'Month-to-month',
        paperlessBilling: 'Yes',
        paymentMethod: 'Electronic check',
        monthlyCharges: 99.5,
        totalCharges: 497.25,
      },
    });
    expect(rows[1]).toMatchObject({ line: 3, churn: false, customer: { seniorCitizen: 'No', tenure: 40 } });
  });

  it('does not depend on the order of the columns', () => {
    const order = TELCO_HEADER.map((_, i) => i).reverse();
    const shuffled = parseTelcoCsv(csvOf(reorder(order, TELCO_HEADER), reorder(order, FIBER)));
    expect(shuffled.rows.map((r) => r.customer)).toEqual(
      parseTelcoCsv(csvOf(TELCO_HEADER, FIBER)).rows.map((r) => r.customer),
    );
  });

  it("accepts the API's camelCase field names with Yes/No seniorCitizen, and no id or label", () => {
    const header = FIELD_NAMES as string[];
    const fromFile = parseTelcoCsv(csvOf(TELCO_HEADER, FIBER)).rows[0].customer;
    const row = header.map((name) => String(fromFile[name as keyof typeof fromFile]));
    const { rows, errors } = parseTelcoCsv(csvOf(header, row));
    expect(errors).toEqual([]);
    expect(rows).toEqual([{ line: 2, customer: fromFile }]);
  });

  it('fills a blank TotalCharges with MonthlyCharges and says so', () => {
    const { rows, errors } = parseTelcoCsv(csvOf(TELCO_HEADER, NEWCOMER));
    expect(errors).toEqual([]);
    expect(rows[0].customer.totalCharges).toBe(35.45);
    expect(rows[0].imputed).toEqual(['totalCharges']);
  });

  it('reads quoted cells, CRLF line ends and a byte-order mark', () => {
    const text =
      '\uFEFF' +
      toCsv([TELCO_HEADER, FIBER.map((v) => `${v}`), OFFLINE], '\r\n').replace(
        'Bank transfer (automatic)',
        '"Bank transfer (automatic)"',
      );
    const { rows, errors } = parseTelcoCsv(text);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.customer.paymentMethod)).toEqual([
      'Electronic check',
      'Bank transfer (automatic)',
    ]);
  });

  it('reports bad rows by line and field and keeps the good ones', () => {
    const badCharge = [...OFFLINE];
    badCharge[0] = '0004-DDDDD';
    badCharge[18] = '20.1x';
    const badConsistency = [...FIBER];
    badConsistency[6] = 'No';
    const { rows, errors } = parseTelcoCsv(csvOf(TELCO_HEADER, FIBER, badCharge, OFFLINE, badConsistency));
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
    expect(errors).toEqual([
      {
        line: 3,
        field: 'monthlyCharges',
        column: 'MonthlyCharges',
        customerId: '0004-DDDDD',
        message: 'monthlyCharges must be a number, got "20.1x" in column 19 (MonthlyCharges)',
      },
      {
        line: 5,
        field: 'multipleLines',
        column: 'MultipleLines',
        customerId: '0001-AAAAA',
        message: 'multipleLines must be "No phone service" when phoneService is "No"',
      },
    ]);
  });

  it("words errors exactly like the API's validation", () => {
    const row = [...FIBER];
    row[5] = '101';
    const { errors } = parseTelcoCsv(csvOf(TELCO_HEADER, row));
    const api = validateCustomer({
      ...parseTelcoCsv(csvOf(TELCO_HEADER, FIBER)).rows[0].customer,
      tenure: 101,
    });
    expect(api.ok).toBe(false);
    expect(errors.map((e) => e.message)).toEqual(api.ok ? [] : api.errors.map((e) => e.message));
  });

  it('refuses an unknown category and a bad label, naming both', () => {
    const row = [...FIBER];
    row[15] = 'Three year';
    row[20] = 'Maybe';
    const { errors } = parseTelcoCsv(csvOf(TELCO_HEADER, row));
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'churn'],
      [2, 'contract'],
    ]);
    expect(errors[0].message).toBe('Churn must be "Yes" or "No", got "Maybe"');
  });

  it('reports a row with the wrong number of cells', () => {
    const { rows, errors } = parseTelcoCsv(csvOf(TELCO_HEADER, FIBER.slice(0, 20), OFFLINE));
    expect(rows).toHaveLength(1);
    expect(errors).toEqual([
      { line: 2, field: '(row)', message: 'the row has 20 fields but the header has 21' },
    ]);
  });

  it('names every missing required column in one error', () => {
    const header = TELCO_HEADER.filter((h) => h !== 'tenure' && h !== 'Contract' && h !== 'Churn');
    const { rows, errors } = parseTelcoCsv(csvOf(header), { requireLabel: true });
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 1, field: '(header)' });
    expect(errors[0].message).toMatch(/^missing required columns tenure, Contract, Churn /);
  });

  it('requires a label on every row when asked', () => {
    const row = [...FIBER];
    row[20] = '';
    expect(parseTelcoCsv(csvOf(TELCO_HEADER, row)).errors).toEqual([]);
    expect(parseTelcoCsv(csvOf(TELCO_HEADER, row), { requireLabel: true }).errors).toMatchObject([
      { line: 2, field: 'churn', message: 'Churn must be "Yes" or "No"' },
    ]);
  });

  it('refuses two columns that give the same field', () => {
    const { errors } = parseTelcoCsv(csvOf([...TELCO_HEADER, 'seniorCitizen'], [...FIBER, 'Yes']));
    expect(errors[0].message).toBe('the columns "SeniorCitizen" and "seniorCitizen" both give seniorCitizen');
  });

  it('reports an empty file', () => {
    expect(parseTelcoCsv('').errors[0].message).toMatch(/empty/);
  });
});

const REAL_FILE = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'telco-customer-churn.csv');
const hasRealFile = existsSync(REAL_FILE);

describe('the real Telco file', () => {
  const run = hasRealFile ? it : it.skip;
  const name = hasRealFile ? '' : ' (skipped: ../shared/data/telco-customer-churn.csv is absent)';

  run(`parses all 7,043 rows without an error and imputes 11 blank TotalCharges${name}`, () => {
    const { rows, errors } = parseTelcoCsv(readFileSync(REAL_FILE, 'utf8'), { requireLabel: true });
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(7043);
    const imputed = rows.filter((r) => r.imputed?.includes('totalCharges'));
    expect(imputed).toHaveLength(11);
    expect(
      imputed.every((r) => r.customer.tenure === 0 && r.customer.totalCharges === r.customer.monthlyCharges),
    ).toBe(true);
    expect(rows.filter((r) => r.churn).length / rows.length).toBeCloseTo(0.265, 3);
  });
});
