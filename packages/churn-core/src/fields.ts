/**
 * The 19 raw customer fields (DESIGN.md §3): one table that the joi schema, the CSV parser,
 * the encoder, the synthetic generator, OpenAPI and the UI's form all read.
 */

export const YES_NO = ['Yes', 'No'] as const;
export const ADD_ON_VALUES = ['Yes', 'No', 'No internet service'] as const;

export type FieldGroup = 'demographics' | 'account' | 'services';

interface FieldBase {
  /** Column name in the Telco CSV file. */
  readonly csv: string;
  readonly label: string;
  readonly group: FieldGroup;
  readonly description: string;
}

export interface CategoryField extends FieldBase {
  readonly kind: 'category';
  readonly values: readonly string[];
}

export interface NumberField extends FieldBase {
  readonly kind: 'integer' | 'number';
  readonly min: number;
  readonly max: number;
  readonly unit: string;
}

export type FieldSpec = CategoryField | NumberField;

// Generic over the values so `Customer` keeps each field's literal union ("Yes" | "No", …).
const category = <const V extends readonly string[]>(
  csv: string,
  label: string,
  group: FieldGroup,
  values: V,
  description: string,
): CategoryField & { readonly values: V } => ({ kind: 'category', csv, label, group, values, description });

export const FIELDS = {
  gender: category('gender', 'Gender', 'demographics', ['Male', 'Female'], "The customer's gender."),
  seniorCitizen: category('SeniorCitizen', 'Senior citizen', 'demographics', YES_NO, 'Aged 65 or older.'),
  partner: category('Partner', 'Partner', 'demographics', YES_NO, 'Has a partner.'),
  dependents: category('Dependents', 'Dependents', 'demographics', YES_NO, 'Has dependents.'),
  tenure: {
    kind: 'integer',
    csv: 'tenure',
    label: 'Tenure',
    group: 'account',
    min: 0,
    max: 100,
    unit: 'months',
    description: 'Months the customer has stayed with the company.',
  },
  contract: category(
    'Contract',
    'Contract',
    'account',
    ['Month-to-month', 'One year', 'Two year'],
    'Contract term.',
  ),
  paperlessBilling: category('PaperlessBilling', 'Paperless billing', 'account', YES_NO, 'Billed paperless.'),
  paymentMethod: category(
    'PaymentMethod',
    'Payment method',
    'account',
    ['Electronic check', 'Mailed check', 'Bank transfer (automatic)', 'Credit card (automatic)'],
    'How the customer pays.',
  ),
  monthlyCharges: {
    kind: 'number',
    csv: 'MonthlyCharges',
    label: 'Monthly charges',
    group: 'account',
    min: 0,
    max: 200,
    unit: 'USD',
    description: 'Amount charged each month.',
  },
  totalCharges: {
    kind: 'number',
    csv: 'TotalCharges',
    label: 'Total charges',
    group: 'account',
    min: 0,
    max: 10000,
    unit: 'USD',
    description: 'Amount charged over the whole tenure.',
  },
  phoneService: category('PhoneService', 'Phone service', 'services', YES_NO, 'Has a phone service.'),
  multipleLines: category(
    'MultipleLines',
    'Multiple lines',
    'services',
    ['Yes', 'No', 'No phone service'],
    'Has multiple phone lines.',
  ),
  internetService: category(
    'InternetService',
    'Internet service',
    'services',
    ['DSL', 'Fiber optic', 'No'],
    'Internet service provider type.',
  ),
  onlineSecurity: category(
    'OnlineSecurity',
    'Online security',
    'services',
    ADD_ON_VALUES,
    'Online security add-on.',
  ),
  onlineBackup: category('OnlineBackup', 'Online backup', 'services', ADD_ON_VALUES, 'Online backup add-on.'),
  deviceProtection: category(
    'DeviceProtection',
    'Device protection',
    'services',
    ADD_ON_VALUES,
    'Device protection add-on.',
  ),
  techSupport: category('TechSupport', 'Tech support', 'services', ADD_ON_VALUES, 'Tech support add-on.'),
  streamingTV: category('StreamingTV', 'Streaming TV', 'services', ADD_ON_VALUES, 'Streaming TV add-on.'),
  streamingMovies: category(
    'StreamingMovies',
    'Streaming movies',
    'services',
    ADD_ON_VALUES,
    'Streaming movies add-on.',
  ),
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof FIELDS;
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

/** The six internet add-ons: all "No internet service" exactly when internetService is "No". */
export const ADD_ONS = [
  'onlineSecurity',
  'onlineBackup',
  'deviceProtection',
  'techSupport',
  'streamingTV',
  'streamingMovies',
] as const satisfies readonly FieldName[];

type ValueOf<F> = F extends { kind: 'category'; values: readonly (infer V)[] } ? V : number;

/** One customer as the API receives it (camelCase, typed values). */
export type Customer = { -readonly [K in FieldName]: ValueOf<(typeof FIELDS)[K]> };

/** `"a"`, or `"a", "b" or "c"`: how validation messages list allowed values (API and UI alike). */
export const quoteList = (values: readonly string[]): string =>
  values.length === 1
    ? `"${values[0]}"`
    : `${values
        .slice(0, -1)
        .map((v) => `"${v}"`)
        .join(', ')} or "${values[values.length - 1]}"`;
