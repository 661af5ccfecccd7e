import { FEATURE_NAMES, Scaler } from '../features';
import { Customer } from '../fields';
import { foldContributions, topFactors } from '../factors';

const customer: Customer = {
  gender: 'Female',
  seniorCitizen: 'No',
  partner: 'Yes',
  dependents: 'No',
  tenure: 10,
  contract: 'Month-to-month',
  paperlessBilling: 'Yes',
  paymentMethod: 'Electronic check',
  monthlyCharges: 80,
  totalCharges: 800,
  phoneService: 'Yes',
  multipleLines: 'No',
  internetService: 'Fiber optic',
  onlineSecurity: 'No',
  onlineBackup: 'Yes',
  deviceProtection: 'No',
  techSupport: 'No',
  streamingTV: 'Yes',
  streamingMovies: 'No',
};

const names: string[] = [...FEATURE_NAMES];
const contribsWith = (values: Record<string, number>, bias = -1): Float64Array => {
  const c = new Float64Array(names.length + 1);
  for (const [name, v] of Object.entries(values)) c[names.indexOf(name)] = v;
  c[names.length] = bias;
  return c;
};
const scaler: Scaler = {
  features: ['tenure', 'MonthlyCharges', 'TotalCharges', 'AvgMonthlySpend', 'TotalServices'],
  means: [10, 65, 2000, 60, 2],
  stds: [24, 30, 2200, 30, 1.8],
};

describe('folding SHAP values onto request fields', () => {
  it('adds the one-hot columns of a field into one effect', () => {
    const effects = foldContributions(
      contribsWith({ Contract_Month_to_month: 0.5, Contract_One_year: 0.1, Contract_Two_year: 0.2 }),
      names,
      customer,
    );
    expect(effects.get('contract')).toBeCloseTo(0.8, 12);
  });

  it('folds the tenure groups onto tenure', () => {
    const effects = foldContributions(contribsWith({ tenure: 0.3, TenureGroup_0_1yr: 0.2 }), names, customer);
    expect(effects.get('tenure')).toBeCloseTo(0.5, 12);
  });

  it('keeps the total: the folded effects sum to the contributions without the bias', () => {
    const c = contribsWith(Object.fromEntries(names.map((n, j) => [n, Math.sin(j + 1) / 10])), -1.5);
    const effects = foldContributions(c, names, customer, scaler);
    const folded = [...effects.values()].reduce((a, b) => a + b, 0);
    const direct = c.subarray(0, names.length).reduce((a, b) => a + b, 0);
    expect(folded).toBeCloseTo(direct, 12);
  });

  it('gives AvgMonthlySpend wholly to total charges when tenure sits at its training mean', () => {
    const effects = foldContributions(contribsWith({ AvgMonthlySpend: 0.4 }), names, customer, scaler);
    expect(effects.get('totalCharges')).toBeCloseTo(0.4, 12);
    expect(effects.get('tenure')).toBeCloseTo(0, 12);
  });

  it('splits AvgMonthlySpend between both fields when both moved, keeping its sign on each', () => {
    const longer = { ...customer, tenure: 40 };
    const effects = foldContributions(contribsWith({ AvgMonthlySpend: -0.6 }), names, longer, scaler);
    expect(effects.get('tenure')).toBeLessThan(0);
    expect(effects.get('totalCharges')).toBeLessThan(0);
    expect((effects.get('tenure') ?? 0) + (effects.get('totalCharges') ?? 0)).toBeCloseTo(-0.6, 12);
  });

  it('splits AvgMonthlySpend evenly when no training means are known', () => {
    const effects = foldContributions(contribsWith({ AvgMonthlySpend: 0.4 }), names, customer);
    expect(effects.get('tenure')).toBeCloseTo(0.2, 12);
    expect(effects.get('totalCharges')).toBeCloseTo(0.2, 12);
  });

  it('gives TotalServices to the add-ons the customer has when no means are known', () => {
    const effects = foldContributions(contribsWith({ TotalServices: 0.3 }), names, customer);
    expect(effects.get('onlineBackup')).toBeCloseTo(0.15, 12);
    expect(effects.get('streamingTV')).toBeCloseTo(0.15, 12);
    expect(effects.get('techSupport')).toBeCloseTo(0, 12);
  });

  it('refuses a feature it cannot fold', () => {
    expect(() => foldContributions(new Float64Array(2), ['mystery'], customer)).toThrow(/mystery/);
  });
});

describe('topFactors', () => {
  it('lists the strongest fields first with their values, labels and directions', () => {
    const factors = topFactors(
      contribsWith({
        Contract_Month_to_month: 0.7,
        tenure: -0.2,
        PaymentMethod_Electronic_check: 0.3,
        gender: 0.01,
      }),
      names,
      customer,
      3,
    );
    expect(factors).toEqual([
      { field: 'contract', label: 'Contract', value: 'Month-to-month', effect: 0.7, direction: 'raises' },
      {
        field: 'paymentMethod',
        label: 'Payment method',
        value: 'Electronic check',
        effect: 0.3,
        direction: 'raises',
      },
      { field: 'tenure', label: 'Tenure', value: 10, effect: -0.2, direction: 'lowers' },
    ]);
  });

  it('leaves out fields with no effect at all', () => {
    expect(topFactors(contribsWith({ tenure: 0.1 }), names, customer, 10)).toHaveLength(1);
  });
});
