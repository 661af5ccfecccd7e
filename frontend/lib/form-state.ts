import { ADD_ONS, FIELDS, type Customer, type FieldName } from '@telco-churn/core/fields';

/** The form keeps every value as the text the user sees; numbers are parsed on validation. */
export type FormValues = Record<FieldName, string>;

const NO_PHONE = 'No phone service';
const NO_INTERNET = 'No internet service';

/** A typical month-to-month fiber customer: a sensible start that analysts edit from. */
export const DEFAULT_CUSTOMER: Customer = {
  gender: 'Female',
  seniorCitizen: 'No',
  partner: 'Yes',
  dependents: 'No',
  tenure: 12,
  contract: 'Month-to-month',
  paperlessBilling: 'Yes',
  paymentMethod: 'Electronic check',
  monthlyCharges: 70.35,
  totalCharges: 844.2,
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

/** Two profiles at the ends of the risk range, one click away in the form. */
export const PRESETS: { name: string; customer: Customer }[] = [
  {
    name: 'Loyal two-year customer',
    customer: {
      gender: 'Male',
      seniorCitizen: 'No',
      partner: 'Yes',
      dependents: 'Yes',
      tenure: 64,
      contract: 'Two year',
      paperlessBilling: 'No',
      paymentMethod: 'Credit card (automatic)',
      monthlyCharges: 24.5,
      totalCharges: 1568,
      phoneService: 'Yes',
      multipleLines: 'Yes',
      internetService: 'No',
      onlineSecurity: 'No internet service',
      onlineBackup: 'No internet service',
      deviceProtection: 'No internet service',
      techSupport: 'No internet service',
      streamingTV: 'No internet service',
      streamingMovies: 'No internet service',
    },
  },
  {
    name: 'New fiber customer',
    customer: {
      gender: 'Female',
      seniorCitizen: 'Yes',
      partner: 'No',
      dependents: 'No',
      tenure: 2,
      contract: 'Month-to-month',
      paperlessBilling: 'Yes',
      paymentMethod: 'Electronic check',
      monthlyCharges: 95.6,
      totalCharges: 191.2,
      phoneService: 'Yes',
      multipleLines: 'Yes',
      internetService: 'Fiber optic',
      onlineSecurity: 'No',
      onlineBackup: 'No',
      deviceProtection: 'No',
      techSupport: 'No',
      streamingTV: 'Yes',
      streamingMovies: 'Yes',
    },
  },
];

export function toFormValues(customer: Customer): FormValues {
  return Object.fromEntries(Object.entries(customer).map(([k, v]) => [k, String(v)])) as FormValues;
}

/** The values a dependent field may take given its parent (phone or internet service). */
export function allowedValues(name: FieldName, values: FormValues): readonly string[] {
  const spec = FIELDS[name];
  if (spec.kind !== 'category') return [];
  if (name === 'multipleLines')
    return values.phoneService === 'No' ? [NO_PHONE] : spec.values.filter((v) => v !== NO_PHONE);
  if ((ADD_ONS as readonly string[]).includes(name))
    return values.internetService === 'No' ? [NO_INTERNET] : spec.values.filter((v) => v !== NO_INTERNET);
  return spec.values;
}

/**
 * Sets one field and keeps the dependent ones consistent, as the real data always is: no phone
 * service means multiple lines is "No phone service"; no internet means every add-on is
 * "No internet service"; turning a service back on resets its dependents to "No".
 */
export function setField(values: FormValues, name: FieldName, value: string): FormValues {
  const next = { ...values, [name]: value };
  if (name === 'phoneService')
    next.multipleLines =
      value === 'No' ? NO_PHONE : next.multipleLines === NO_PHONE ? 'No' : next.multipleLines;
  if (name === 'internetService')
    for (const addOn of ADD_ONS)
      next[addOn] = value === 'No' ? NO_INTERNET : next[addOn] === NO_INTERNET ? 'No' : next[addOn];
  return next;
}
