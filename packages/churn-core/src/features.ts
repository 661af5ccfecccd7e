import { ADD_ONS, Customer, FIELDS, FieldName } from './fields';

/**
 * The 46 model inputs in the order the shipped model and SageMaker's CSV expect: the older
 * system's one-hot encoding of the Telco columns, with AvgMonthlySpend, TotalServices and the
 * tenure groups it engineered (model_params.json's feature_names).
 */
export const FEATURE_NAMES = [
  'gender',
  'SeniorCitizen',
  'Partner',
  'Dependents',
  'tenure',
  'PhoneService',
  'PaperlessBilling',
  'MonthlyCharges',
  'TotalCharges',
  'AvgMonthlySpend',
  'TotalServices',
  'MultipleLines_No',
  'MultipleLines_No_phone_service',
  'MultipleLines_Yes',
  'InternetService_DSL',
  'InternetService_Fiber_optic',
  'InternetService_No',
  'OnlineSecurity_No',
  'OnlineSecurity_No_internet_service',
  'OnlineSecurity_Yes',
  'OnlineBackup_No',
  'OnlineBackup_No_internet_service',
  'OnlineBackup_Yes',
  'DeviceProtection_No',
  'DeviceProtection_No_internet_service',
  'DeviceProtection_Yes',
  'TechSupport_No',
  'TechSupport_No_internet_service',
  'TechSupport_Yes',
  'StreamingTV_No',
  'StreamingTV_No_internet_service',
  'StreamingTV_Yes',
  'StreamingMovies_No',
  'StreamingMovies_No_internet_service',
  'StreamingMovies_Yes',
  'Contract_Month_to_month',
  'Contract_One_year',
  'Contract_Two_year',
  'PaymentMethod_Bank_transfer_automatic',
  'PaymentMethod_Credit_card_automatic',
  'PaymentMethod_Electronic_check',
  'PaymentMethod_Mailed_check',
  'TenureGroup_0_1yr',
  'TenureGroup_1_2yr',
  'TenureGroup_2_4yr',
  'TenureGroup_4_6yr',
] as const;

/** The columns the standard scaler transforms, in the older system's order. */
export const SCALED_FEATURES = [
  'tenure',
  'MonthlyCharges',
  'TotalCharges',
  'AvgMonthlySpend',
  'TotalServices',
];

export interface Scaler {
  features: string[];
  means: number[];
  stds: number[];
}

/** The category text as it appears in a one-hot column name: `Bank transfer (automatic)` -> `Bank_transfer_automatic`. */
export const slug = (value: string): string =>
  value
    .replace(/[()]/g, '')
    .trim()
    .replace(/[\s-]+/g, '_');

export function tenureGroup(tenure: number): '0_1yr' | '1_2yr' | '2_4yr' | '4_6yr' {
  if (tenure <= 12) return '0_1yr';
  if (tenure <= 24) return '1_2yr';
  if (tenure <= 48) return '2_4yr';
  return '4_6yr';
}

type Getter = (c: Customer) => number;
const yes =
  (field: FieldName): Getter =>
  (c) =>
    c[field] === 'Yes' ? 1 : 0;

/** The engineered and binary features that are not one-hot columns, before scaling. */
const NAMED_GETTERS: Record<string, Getter> = {
  gender: (c) => (c.gender === 'Male' ? 1 : 0),
  SeniorCitizen: yes('seniorCitizen'),
  Partner: yes('partner'),
  Dependents: yes('dependents'),
  PhoneService: yes('phoneService'),
  PaperlessBilling: yes('paperlessBilling'),
  tenure: (c) => c.tenure,
  MonthlyCharges: (c) => c.monthlyCharges,
  TotalCharges: (c) => c.totalCharges,
  AvgMonthlySpend: (c) => c.totalCharges / (c.tenure + 1),
  TotalServices: (c) => ADD_ONS.reduce((n, field) => n + (c[field] === 'Yes' ? 1 : 0), 0),
};

/** Which request field each model input is computed from: how explanations fold back onto fields. */
export const FEATURE_SOURCE: Record<string, FieldName | 'derived'> = {};

const ONE_HOT_GETTERS: Record<string, Getter> = {};
for (const [name, spec] of Object.entries(FIELDS) as [FieldName, (typeof FIELDS)[FieldName]][]) {
  if (spec.kind !== 'category' || NAMED_GETTERS[spec.csv]) continue;
  for (const value of spec.values) {
    const column = `${spec.csv}_${slug(value)}`;
    ONE_HOT_GETTERS[column] = (c) => (c[name] === value ? 1 : 0);
    FEATURE_SOURCE[column] = name;
  }
}
for (const group of ['0_1yr', '1_2yr', '2_4yr', '4_6yr']) {
  ONE_HOT_GETTERS[`TenureGroup_${group}`] = (c) => (tenureGroup(c.tenure) === group ? 1 : 0);
  FEATURE_SOURCE[`TenureGroup_${group}`] = 'tenure';
}
Object.assign(FEATURE_SOURCE, {
  gender: 'gender',
  SeniorCitizen: 'seniorCitizen',
  Partner: 'partner',
  Dependents: 'dependents',
  PhoneService: 'phoneService',
  PaperlessBilling: 'paperlessBilling',
  tenure: 'tenure',
  MonthlyCharges: 'monthlyCharges',
  TotalCharges: 'totalCharges',
  AvgMonthlySpend: 'derived',
  TotalServices: 'derived',
});

const GETTERS: Record<string, Getter> = { ...NAMED_GETTERS, ...ONE_HOT_GETTERS };

/**
 * Every field each model input reads (FEATURE_SOURCE names one per input and folds the two
 * engineered ones into 'derived'). A what-if row is re-encoded only where its changed fields
 * are read; a test holds that partial encoding to a full one for a change of every field.
 */
const inputsOf = (name: string): readonly FieldName[] => {
  if (name === 'AvgMonthlySpend') return ['totalCharges', 'tenure'];
  if (name === 'TotalServices') return ADD_ONS;
  return [FEATURE_SOURCE[name] as FieldName];
};

export const isKnownFeature = (name: string): boolean => Object.hasOwn(GETTERS, name);

/** The feature value before scaling. */
export function rawFeature(c: Customer, name: string): number {
  const getter = GETTERS[name];
  if (!getter) throw new Error(`unknown feature "${name}"`);
  return getter(c);
}

/** Population mean and standard deviation of each scaled column, fitted on the given (training) rows. */
export function fitScaler(
  customers: readonly Customer[],
  features: readonly string[] = SCALED_FEATURES,
): Scaler {
  if (customers.length === 0) throw new Error('cannot fit a scaler on zero rows');
  const means: number[] = [];
  const stds: number[] = [];
  for (const feature of features) {
    let sum = 0;
    for (const c of customers) sum += rawFeature(c, feature);
    const mean = sum / customers.length;
    let squares = 0;
    for (const c of customers) squares += (rawFeature(c, feature) - mean) ** 2;
    means.push(mean);
    stds.push(Math.sqrt(squares / customers.length));
  }
  return { features: [...features], means, stds };
}

export interface Encoder {
  readonly featureNames: readonly string[];
  /** Writes one customer's model inputs into `out` from `offset` (row-major batches). */
  encode(customer: Customer, out: Float32Array, offset?: number): void;
  encodeMany(customers: readonly Customer[]): Float32Array;
  /** The positions in a row of the inputs that read any of `fields`. */
  columnsReading(fields: readonly FieldName[]): Int32Array;
  /**
   * Rewrites only the inputs at `columns` (from `columnsReading`) of the row at `offset`: when
   * the row holds the customer before a change of those fields, it then holds the changed one,
   * exactly as `encode` would write it, without recomputing the inputs the change cannot move.
   */
  encodeColumns(customer: Customer, columns: Int32Array, out: Float32Array, offset: number): void;
}

/**
 * Compiles the feature plan once (order from `featureNames`, scaling from `scaler`), so
 * encoding a row is one pass of closures with no lookups or allocation.
 */
export function createEncoder(featureNames: readonly string[], scaler: Scaler): Encoder {
  const unknown = featureNames.filter((name) => !isKnownFeature(name));
  if (unknown.length > 0) throw new Error(`the encoder does not know the features ${unknown.join(', ')}`);
  const plan: Getter[] = featureNames.map((name) => {
    const getter = GETTERS[name];
    const at = scaler.features.indexOf(name);
    if (at < 0) return getter;
    const mean = scaler.means[at];
    // A constant column has std 0; like scikit-learn's StandardScaler, divide by 1 then.
    const std = scaler.stds[at] === 0 ? 1 : scaler.stds[at];
    return (c) => (getter(c) - mean) / std;
  });
  const width = plan.length;
  const encode = (customer: Customer, out: Float32Array, offset = 0): void => {
    for (let j = 0; j < width; j++) out[offset + j] = plan[j](customer);
  };
  return {
    featureNames: [...featureNames],
    encode,
    encodeMany(customers) {
      const out = new Float32Array(customers.length * width);
      customers.forEach((c, i) => encode(c, out, i * width));
      return out;
    },
    columnsReading(fields) {
      const columns: number[] = [];
      featureNames.forEach((name, j) => {
        if (inputsOf(name).some((f) => fields.includes(f))) columns.push(j);
      });
      return Int32Array.from(columns);
    },
    encodeColumns(customer, columns, out, offset) {
      for (let k = 0; k < columns.length; k++) out[offset + columns[k]] = plan[columns[k]](customer);
    },
  };
}
