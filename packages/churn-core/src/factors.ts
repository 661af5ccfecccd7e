import { FEATURE_SOURCE, Scaler } from './features';
import { ADD_ONS, Customer, FIELDS, FieldName } from './fields';
import type { Artifact } from './artifact';
import type { Factor } from './contracts';
import { explain } from '@telco-churn/xgboost-runtime/shap';

/** The training means of the raw columns the engineered features are computed from. */
interface Reference {
  tenure?: number;
  totalCharges?: number;
  totalServices?: number;
}

type Split = (c: Customer, ref: Reference) => [FieldName, number][];

// Loops rather than reduce/map callbacks: tsx (which serves the API) names every closure it
// creates with a defineProperty call, and this runs for every prediction.
const normalise = (shares: [FieldName, number][]): [FieldName, number][] => {
  let total = 0;
  for (const share of shares) total += Math.abs(share[1]);
  for (const share of shares) share[1] = total > 0 ? Math.abs(share[1]) / total : 1 / shares.length;
  return shares;
};

const avgMonthlySpend = (total: number, tenure: number): number => total / (tenure + 1);

/*
 * Engineered columns depend on several request fields. Their SHAP value is split among those
 * fields in proportion to each field's Shapley share of how far the engineered value moved
 * from its value at the training means (the reference point that TreeSHAP's expectation also
 * sits near). Shares are taken in absolute value, so both fields keep the sign of the column's
 * effect and the split never amplifies it. Without training means the split is even.
 */
const DERIVED: Record<string, Split> = {
  // AvgMonthlySpend = totalCharges / (tenure + 1): two-player Shapley decomposition of the change.
  AvgMonthlySpend: (c, ref) => {
    if (ref.totalCharges === undefined || ref.tenure === undefined) {
      return normalise([
        ['totalCharges', 0],
        ['tenure', 0],
      ]);
    }
    const f = avgMonthlySpend;
    const [T0, t0, T, t] = [ref.totalCharges, ref.tenure, c.totalCharges, c.tenure];
    const byTotal = (f(T, t0) - f(T0, t0) + (f(T, t) - f(T0, t))) / 2;
    const byTenure = (f(T0, t) - f(T0, t0) + (f(T, t) - f(T, t0))) / 2;
    return normalise([
      ['totalCharges', byTotal],
      ['tenure', byTenure],
    ]);
  },
  // TotalServices = how many add-ons are "Yes": additive, so each add-on's share is its own
  // indicator minus an even part of the mean count.
  TotalServices: (c, ref) => {
    const base = ref.totalServices === undefined ? 0 : ref.totalServices / ADD_ONS.length;
    const shares: [FieldName, number][] = [];
    for (const field of ADD_ONS) shares.push([field, (c[field] === 'Yes' ? 1 : 0) - base]);
    return normalise(shares);
  },
};

const references = new WeakMap<Scaler, Reference>();

// Built once per scaler (a model's), not per request.
function referenceFrom(scaler?: Scaler): Reference {
  if (scaler === undefined) return {};
  let ref = references.get(scaler);
  if (ref === undefined) {
    const mean = (name: string): number | undefined => {
      const at = scaler.features.indexOf(name);
      return at >= 0 ? scaler.means[at] : undefined;
    };
    ref = {
      tenure: mean('tenure'),
      totalCharges: mean('TotalCharges'),
      totalServices: mean('TotalServices'),
    };
    references.set(scaler, ref);
  }
  return ref;
}

/** The SHAP row folded onto the 19 request fields (bias left out): one effect per field. */
export function foldContributions(
  contribs: Float64Array,
  featureNames: readonly string[],
  customer: Customer,
  scaler?: Scaler,
): Map<FieldName, number> {
  if (contribs.length !== featureNames.length + 1) {
    throw new RangeError(
      `expected ${featureNames.length + 1} contributions (features + bias), got ${contribs.length}`,
    );
  }
  const ref = referenceFrom(scaler);
  const effects = new Map<FieldName, number>();
  for (let j = 0; j < featureNames.length; j++) {
    const name = featureNames[j];
    const source = FEATURE_SOURCE[name];
    if (source === undefined) throw new Error(`feature "${name}" has no request field to fold onto`);
    if (source !== 'derived') {
      effects.set(source, (effects.get(source) ?? 0) + contribs[j]);
      continue;
    }
    const split = DERIVED[name];
    if (!split) throw new Error(`derived feature "${name}" has no rule to split it onto request fields`);
    for (const [field, weight] of split(customer, ref)) {
      effects.set(field, (effects.get(field) ?? 0) + contribs[j] * weight);
    }
  }
  return effects;
}

/** The k request fields that moved this customer's log-odds most, strongest first. */
export function topFactors(
  contribs: Float64Array,
  featureNames: readonly string[],
  customer: Customer,
  k = 5,
  scaler?: Scaler,
): Factor[] {
  // Insertion into a list of at most k, strongest first; ties keep fold order, as a stable sort would.
  const top: [FieldName, number][] = [];
  if (k <= 0) return [];
  for (const entry of foldContributions(contribs, featureNames, customer, scaler)) {
    const strength = Math.abs(entry[1]);
    if (strength === 0 || (top.length === k && strength <= Math.abs(top[k - 1][1]))) continue;
    let at = top.length;
    while (at > 0 && Math.abs(top[at - 1][1]) < strength) at--;
    top.splice(at, 0, entry);
    if (top.length > k) top.pop();
  }
  return top.map(([field, effect]) => ({
    field,
    label: FIELDS[field].label,
    value: customer[field],
    effect,
    direction: effect > 0 ? 'raises' : 'lowers',
  }));
}

/** Encode, explain and fold one customer with an artifact (its scaler gives the reference means). */
export function explainCustomer(artifact: Artifact, customer: Customer, k = 5): Factor[] {
  const row = new Float32Array(artifact.params.featureNames.length);
  artifact.encoder.encode(customer, row);
  const contribs = explain(artifact.booster, row);
  return topFactors(contribs, artifact.params.featureNames, customer, k, artifact.params.scaler);
}
