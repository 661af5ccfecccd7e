import { Customer, FIELD_NAMES, FIELDS, FieldName } from '../fields';
import { FEATURE_NAMES, Scaler, SCALED_FEATURES, createEncoder, fitScaler, rawFeature } from '../features';
import { generateCustomers } from '../synthetic';

/** No scaling: means 0, stds 1, so the encoder's output is the raw feature values. */
const IDENTITY: Scaler = { features: [...SCALED_FEATURES], means: [0, 0, 0, 0, 0], stds: [1, 1, 1, 1, 1] };
const raw = createEncoder(FEATURE_NAMES, IDENTITY);

const encode = (c: Customer, encoder = raw): Record<string, number> => {
  const out = new Float32Array(encoder.featureNames.length);
  encoder.encode(c, out);
  return Object.fromEntries(encoder.featureNames.map((name, i) => [name, out[i]]));
};

const fiberNewcomer: Customer = {
  gender: 'Male',
  seniorCitizen: 'Yes',
  partner: 'No',
  dependents: 'No',
  tenure: 0,
  contract: 'Month-to-month',
  paperlessBilling: 'Yes',
  paymentMethod: 'Electronic check',
  monthlyCharges: 100,
  totalCharges: 100,
  phoneService: 'Yes',
  multipleLines: 'Yes',
  internetService: 'Fiber optic',
  onlineSecurity: 'No',
  onlineBackup: 'Yes',
  deviceProtection: 'No',
  techSupport: 'No',
  streamingTV: 'Yes',
  streamingMovies: 'Yes',
};

const loyalOffline: Customer = {
  gender: 'Female',
  seniorCitizen: 'No',
  partner: 'Yes',
  dependents: 'Yes',
  tenure: 9,
  contract: 'Two year',
  paperlessBilling: 'No',
  paymentMethod: 'Bank transfer (automatic)',
  monthlyCharges: 20.05,
  totalCharges: 500,
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

describe('the 46-feature encoder', () => {
  it('encodes a tenure-0 fibre customer to the hand-checked vector', () => {
    // prettier-ignore
    expect(Array.from(raw.encodeMany([fiberNewcomer]))).toEqual([
      1, 1, 0, 0, 0, 1, 1,  // gender (Male), SeniorCitizen, Partner, Dependents, tenure, PhoneService, PaperlessBilling
      100, 100, 100, 3,     // MonthlyCharges, TotalCharges, AvgMonthlySpend = 100 / (0 + 1), TotalServices (backup, TV, movies)
      0, 0, 1,              // MultipleLines No, No phone service, Yes
      0, 1, 0,              // InternetService DSL, Fiber optic, No
      1, 0, 0,              // OnlineSecurity No, No internet service, Yes
      0, 0, 1,              // OnlineBackup
      1, 0, 0,              // DeviceProtection
      1, 0, 0,              // TechSupport
      0, 0, 1,              // StreamingTV
      0, 0, 1,              // StreamingMovies
      1, 0, 0,              // Contract Month-to-month, One year, Two year
      0, 0, 1, 0,           // PaymentMethod Bank transfer, Credit card, Electronic check, Mailed check
      1, 0, 0, 0,           // TenureGroup 0_1yr, 1_2yr, 2_4yr, 4_6yr
    ]);
  });

  it('encodes a phone-less, internet-less two-year customer to the hand-checked vector', () => {
    // prettier-ignore
    expect(Array.from(raw.encodeMany([loyalOffline]))).toEqual([
      0, 0, 1, 1, 9, 0, 0,
      Math.fround(20.05), 500, 50, 0, // AvgMonthlySpend = 500 / (9 + 1); no add-on says Yes
      0, 1, 0,
      0, 0, 1,
      0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0,
      0, 0, 1,
      1, 0, 0, 0,
      1, 0, 0, 0,
    ]);
  });

  it.each([
    [0, '0_1yr'],
    [12, '0_1yr'],
    [13, '1_2yr'],
    [24, '1_2yr'],
    [25, '2_4yr'],
    [48, '2_4yr'],
    [49, '4_6yr'],
    [72, '4_6yr'],
    [100, '4_6yr'],
  ])('puts tenure %i in TenureGroup_%s only', (tenure, group) => {
    const v = encode({ ...fiberNewcomer, tenure });
    const groups = ['0_1yr', '1_2yr', '2_4yr', '4_6yr'].filter((g) => v[`TenureGroup_${g}`] === 1);
    expect(groups).toEqual([group]);
  });

  // Every value of every one-hot field, with the column written out by hand.
  const oneHot: [keyof Customer, string, string][] = [
    ['multipleLines', 'No', 'MultipleLines_No'],
    ['multipleLines', 'No phone service', 'MultipleLines_No_phone_service'],
    ['multipleLines', 'Yes', 'MultipleLines_Yes'],
    ['internetService', 'DSL', 'InternetService_DSL'],
    ['internetService', 'Fiber optic', 'InternetService_Fiber_optic'],
    ['internetService', 'No', 'InternetService_No'],
    ...(
      [
        'OnlineSecurity',
        'OnlineBackup',
        'DeviceProtection',
        'TechSupport',
        'StreamingTV',
        'StreamingMovies',
      ] as const
    ).flatMap((csv) => {
      const field = (csv[0].toLowerCase() + csv.slice(1)) as keyof Customer;
      return [
        [field, 'No', `${csv}_No`],
        [field, 'No internet service', `${csv}_No_internet_service`],
        [field, 'Yes', `${csv}_Yes`],
      ] as [keyof Customer, string, string][];
    }),
    ['contract', 'Month-to-month', 'Contract_Month_to_month'],
    ['contract', 'One year', 'Contract_One_year'],
    ['contract', 'Two year', 'Contract_Two_year'],
    ['paymentMethod', 'Bank transfer (automatic)', 'PaymentMethod_Bank_transfer_automatic'],
    ['paymentMethod', 'Credit card (automatic)', 'PaymentMethod_Credit_card_automatic'],
    ['paymentMethod', 'Electronic check', 'PaymentMethod_Electronic_check'],
    ['paymentMethod', 'Mailed check', 'PaymentMethod_Mailed_check'],
  ];

  it.each(oneHot)('sets %s = "%s" in %s and no other column of that field', (field, value, column) => {
    const v = encode({ ...fiberNewcomer, [field]: value } as Customer);
    const prefix = column.slice(0, column.indexOf('_') + 1);
    const ones = Object.keys(v).filter((name) => name.startsWith(prefix) && v[name] === 1);
    expect(ones).toEqual([column]);
  });

  it.each([
    ['gender', 'Male', 'Female', 'gender'],
    ['seniorCitizen', 'Yes', 'No', 'SeniorCitizen'],
    ['partner', 'Yes', 'No', 'Partner'],
    ['dependents', 'Yes', 'No', 'Dependents'],
    ['phoneService', 'Yes', 'No', 'PhoneService'],
    ['paperlessBilling', 'Yes', 'No', 'PaperlessBilling'],
  ])('encodes %s as 1 for "%s" and 0 for "%s" in column %s', (field, one, zero, column) => {
    expect(encode({ ...fiberNewcomer, [field]: one } as Customer)[column]).toBe(1);
    expect(encode({ ...fiberNewcomer, [field]: zero } as Customer)[column]).toBe(0);
  });

  it('counts each of the six add-ons that says Yes in TotalServices', () => {
    expect(rawFeature(loyalOffline, 'TotalServices')).toBe(0);
    const all = {
      ...fiberNewcomer,
      onlineSecurity: 'Yes',
      deviceProtection: 'Yes',
      techSupport: 'Yes',
    } as Customer;
    expect(rawFeature(all, 'TotalServices')).toBe(6);
    expect(rawFeature({ ...all, multipleLines: 'No' } as Customer, 'TotalServices')).toBe(6);
  });

  it('scales the five numeric columns with the given means and stds, as float32', () => {
    const scaler: Scaler = {
      features: ['tenure', 'MonthlyCharges', 'TotalCharges', 'AvgMonthlySpend', 'TotalServices'],
      means: [30, 60, 2000, 60, 2],
      stds: [20, 30, 2000, 40, 0],
    };
    const v = encode(loyalOffline, createEncoder(FEATURE_NAMES, scaler));
    expect(v.tenure).toBe(Math.fround((9 - 30) / 20));
    expect(v.MonthlyCharges).toBe(Math.fround((20.05 - 60) / 30));
    expect(v.TotalCharges).toBe(Math.fround((500 - 2000) / 2000));
    expect(v.AvgMonthlySpend).toBe(Math.fround((50 - 60) / 40));
    // A constant column (std 0) is only centred, like scikit-learn's StandardScaler.
    expect(v.TotalServices).toBe(-2);
    expect(v.Contract_Two_year).toBe(1);
  });

  it('follows the feature order it is given, including a subset', () => {
    const order = ['Contract_Two_year', 'tenure', 'gender', 'TenureGroup_0_1yr'];
    const encoder = createEncoder(order, IDENTITY);
    expect(Array.from(encoder.encodeMany([loyalOffline, fiberNewcomer]))).toEqual([1, 9, 0, 1, 0, 0, 1, 1]);
  });

  it('writes batches row-major at the given offset', () => {
    const out = new Float32Array(46 * 3).fill(-7);
    raw.encode(loyalOffline, out, 46 * 2);
    expect(out[46 * 2 + 4]).toBe(9);
    expect(out.slice(0, 46 * 2).every((x) => x === -7)).toBe(true);
  });

  it('rewrites only the inputs a change moves, to exactly what a full encoding writes', () => {
    const customers = generateCustomers(60, 3).map((r) => r.customer);
    const encoder = createEncoder(FEATURE_NAMES, fitScaler(customers));
    const width = FEATURE_NAMES.length;
    // Another value of each field: the next category, or a number inside the field's range.
    const other = (c: Customer, field: FieldName): string | number => {
      const spec = FIELDS[field];
      if (spec.kind !== 'category') return Math.min(spec.max, Math.round(((c[field] as number) + 7) * 0.9));
      return spec.values[(spec.values.indexOf(c[field] as string) + 1) % spec.values.length];
    };
    let rewritten = 0;
    for (const c of customers) {
      const own = encoder.encodeMany([c]);
      for (const f of FIELD_NAMES) {
        for (const g of FIELD_NAMES) {
          const changed = { ...c, [f]: other(c, f), [g]: other(c, g) } as Customer;
          const row = own.slice();
          const columns = encoder.columnsReading([f, g]);
          encoder.encodeColumns(changed, columns, row, 0);
          expect([f, g, Array.from(row)]).toEqual([f, g, Array.from(encoder.encodeMany([changed]))]);
          rewritten += columns.length;
        }
      }
    }
    // Far fewer than every input of every row: the point of rewriting only the moved ones.
    expect(rewritten).toBeLessThan(customers.length * FIELD_NAMES.length ** 2 * width * 0.25);
  });

  it('refuses a feature name it does not know', () => {
    expect(() => createEncoder(['tenure', 'Contract_Three_year'], IDENTITY)).toThrow('Contract_Three_year');
  });

  it('fits population means and stds on the given rows', () => {
    const s = fitScaler([fiberNewcomer, loyalOffline], ['tenure', 'AvgMonthlySpend']);
    expect(s).toEqual({ features: ['tenure', 'AvgMonthlySpend'], means: [4.5, 75], stds: [4.5, 25] });
  });
});
