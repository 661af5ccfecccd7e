import { FIELD_NAMES } from '@telco-churn/core/fields';
import { FEATURE_NAMES, createEncoder, fitScaler } from '@telco-churn/core/features';
import { generateCustomers } from '@telco-churn/core/synthetic';
import { fieldColumns, permutationImportance } from '../permutation';

const names = (columns: number[]): string[] => columns.map((j) => FEATURE_NAMES[j]);

describe('permutation importance by request field', () => {
  const groups = fieldColumns(FEATURE_NAMES);

  it('groups the encoded columns by the 19 request fields, one-hot and tenure groups folded in', () => {
    expect(groups.map((g) => g.field)).toEqual(FIELD_NAMES);
    const of = (field: string): string[] => names(groups.find((g) => g.field === field)!.columns);
    expect(of('contract')).toEqual(['Contract_Month_to_month', 'Contract_One_year', 'Contract_Two_year']);
    expect(of('tenure')).toEqual([
      'tenure',
      'TenureGroup_0_1yr',
      'TenureGroup_1_2yr',
      'TenureGroup_2_4yr',
      'TenureGroup_4_6yr',
    ]);
    // The two engineered columns mix several fields and are left in place.
    const used = groups.flatMap((g) => names(g.columns));
    expect(used).toHaveLength(44);
    expect(used).not.toContain('AvgMonthlySpend');
    expect(used).not.toContain('TotalServices');
  });

  const rows = generateCustomers(600, 4);
  const customers = rows.map((r) => r.customer);
  const x = createEncoder(FEATURE_NAMES, fitScaler(customers)).encodeMany(customers);
  const y = Float32Array.from(rows, (r) => (r.churn ? 1 : 0));
  const data = { x, nRows: rows.length, nCols: FEATURE_NAMES.length, y };
  // A "model" that reads only the month-to-month column and the scaled tenure.
  const m2m = FEATURE_NAMES.indexOf('Contract_Month_to_month');
  const tenure = FEATURE_NAMES.indexOf('tenure');
  const predict = (_m: null, xs: Float32Array, n: number): Float64Array =>
    Float64Array.from({ length: n }, (_, i) => 0.6 * xs[i * 46 + m2m] - 0.1 * xs[i * 46 + tenure]);
  const folds = [
    { model: null, data },
    { model: null, data: { ...data, x: x.slice(), y: y.slice() } },
  ];
  const result = permutationImportance(folds, predict, FEATURE_NAMES, { seed: 7 });

  it('finds AUC lost only in the fields the model reads, largest first', () => {
    expect(result.map((r) => r.field).slice(0, 2)).toEqual(['contract', 'tenure']);
    expect(result[0].auc_drop).toBeGreaterThan(result[1].auc_drop);
    expect(result[1].auc_drop).toBeGreaterThan(0);
    for (const r of result.slice(2)) expect(r.auc_drop).toBe(0);
  });

  it('is the same for the same seed and changes with the seed', () => {
    expect(permutationImportance(folds, predict, FEATURE_NAMES, { seed: 7 })).toEqual(result);
    const other = permutationImportance(folds, predict, FEATURE_NAMES, { seed: 8 });
    expect(other[0].auc_drop).not.toBe(result[0].auc_drop);
  });
});
