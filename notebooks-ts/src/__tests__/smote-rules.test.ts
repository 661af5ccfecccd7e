import { Customer, FIELDS, FieldName } from '@telco-churn/core/fields';
import { FEATURE_NAMES, Scaler, createEncoder, fitScaler, slug } from '@telco-churn/core/features';
import { validateCustomer } from '@telco-churn/core/schema';
import { generateCustomers } from '@telco-churn/core/synthetic';
import { columnKinds } from '../data';
import { smoteNc } from '../smote';

const col = (name: string): number => FEATURE_NAMES.indexOf(name as (typeof FEATURE_NAMES)[number]);

/** An encoded row read back as the request the API would get (the 0/1 columns as their two values). */
function decode(row: Float32Array, scaler: Scaler): Record<string, unknown> {
  const unscale = (name: string): number => {
    const k = scaler.features.indexOf(name);
    return row[col(name)] * scaler.stds[k] + scaler.means[k];
  };
  const out: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(FIELDS) as [FieldName, (typeof FIELDS)[FieldName]][]) {
    if (spec.kind !== 'category') {
      const v = unscale(spec.csv);
      out[field] = spec.kind === 'integer' ? Math.round(v) : Math.round(v * 100) / 100;
    } else if (col(spec.csv) >= 0) {
      const on = row[col(spec.csv)] === 1;
      out[field] = field === 'gender' ? (on ? 'Male' : 'Female') : on ? 'Yes' : 'No';
    } else {
      const hot = spec.values.filter((v) => row[col(`${spec.csv}_${slug(v)}`)] === 1);
      out[field] = hot.length === 1 ? hot[0] : `${hot.length} hot columns`;
    }
  }
  return out;
}

describe('SMOTE-NC on the 46 features', () => {
  const rows = generateCustomers(800, 17);
  const customers: Customer[] = rows.map((r) => r.customer);
  const scaler = fitScaler(customers);
  const data = {
    x: createEncoder(FEATURE_NAMES, scaler).encodeMany(customers),
    nRows: rows.length,
    nCols: FEATURE_NAMES.length,
    y: Float32Array.from(rows, (r) => (r.churn ? 1 : 0)),
  };
  const synthetic = (kinds: ReturnType<typeof columnKinds>): Record<string, unknown>[] => {
    const { data: out } = smoteNc(data, kinds, { seed: 5 });
    return Array.from({ length: out.nRows - data.nRows }, (_, s) =>
      decode(out.x.subarray((data.nRows + s) * 46, (data.nRows + s + 1) * 46), scaler),
    );
  };

  it('grows only rows that decode to customers validateCustomer accepts', () => {
    const made = synthetic(columnKinds(FEATURE_NAMES, scaler));
    expect(made.length).toBeGreaterThan(100);
    const rejected = made
      .map((c) => validateCustomer(c))
      .flatMap((r) => (r.ok ? [] : r.errors.map((e) => e.message)));
    expect(rejected).toEqual([]);
    // The rule-bound groups still take every kind of value, not only the safe ones.
    expect(new Set(made.map((c) => c.multipleLines))).toEqual(new Set(['Yes', 'No', 'No phone service']));
    expect(new Set(made.map((c) => c.internetService)).size).toBe(3);
  });

  it('would break the phone and internet rules without the repair (the check above can fail)', () => {
    const { continuous, groups } = columnKinds(FEATURE_NAMES, scaler);
    const broken = synthetic({ continuous, groups }).filter((c) => !validateCustomer(c).ok);
    expect(broken.length).toBeGreaterThan(0);
    expect(
      broken.some(
        (c) =>
          (c.phoneService === 'No') !== (c.multipleLines === 'No phone service') ||
          (c.internetService === 'No') !== (c.onlineSecurity === 'No internet service'),
      ),
    ).toBe(true);
  });
});
