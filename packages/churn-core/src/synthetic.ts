/**
 * A seeded generator of customers with the Telco file's schema and its main dependencies, for
 * tests, demos and the interim model. Every number below is an aggregate of the public data set
 * (shares, rates, per-service prices, a logistic fit of churn); no row of it is used.
 */
import { ADD_ONS, Customer, FIELDS } from './fields';
import { Rng, bernoulli, createRng, normal, pick, pickWeighted } from './random';
import { TELCO_COLUMNS, TELCO_FIELD_ORDER, toCsv } from './telco-csv';

export interface LabelledCustomer {
  customerId: string;
  customer: Customer;
  churn: boolean;
}

type Contract = Customer['contract'];
type Internet = Customer['internetService'];
type AddOn = (typeof ADD_ONS)[number];

const CONTRACTS = FIELDS.contract.values;
const INTERNET = FIELDS.internetService.values;
const PAYMENTS = FIELDS.paymentMethod.values;

/** Internet type by age group: seniors mostly have fibre, rarely no internet. */
const INTERNET_WEIGHTS = { senior: [0.23, 0.73, 0.04], other: [0.37, 0.38, 0.25] };

/** Contract by internet type: fibre customers are mostly month-to-month. */
const CONTRACT_WEIGHTS: Record<Internet, number[]> = {
  DSL: [0.51, 0.24, 0.26],
  'Fiber optic': [0.69, 0.17, 0.14],
  No: [0.34, 0.24, 0.42],
};

/**
 * Tenure histogram per contract (months: 0, 1-5, 6-11, 12-23, 24-35, 36-47, 48-59, 60-69, 70-72),
 * uniform inside a bin. Only one- and two-year contracts have tenure-0 customers, as in the file.
 */
const TENURE_BINS = [0, 1, 6, 12, 24, 36, 48, 60, 70, 73];
const TENURE_WEIGHTS: Record<Contract, number[]> = {
  'Month-to-month': [0, 1318, 590, 765, 522, 323, 230, 116, 11],
  'One year': [1, 31, 70, 199, 251, 259, 325, 265, 72],
  'Two year': [10, 11, 38, 83, 103, 166, 265, 451, 568],
};

/** Share of each add-on among DSL and fibre customers. */
const ADD_ON_RATES: Record<AddOn, [dsl: number, fiber: number]> = {
  onlineSecurity: [0.49, 0.27],
  onlineBackup: [0.45, 0.43],
  deviceProtection: [0.44, 0.44],
  techSupport: [0.49, 0.28],
  streamingTV: [0.4, 0.57],
  streamingMovies: [0.41, 0.57],
};

/** Monthly price of each part: the charges are almost exactly linear in the services (residual sd ~1 USD). */
const PRICE: Record<string, number> = {
  phone: 20.05,
  multipleLines: 5,
  DSL: 25.05,
  'Fiber optic': 50,
  No: 0,
  onlineSecurity: 5,
  onlineBackup: 5,
  deviceProtection: 5,
  techSupport: 5,
  streamingTV: 10,
  streamingMovies: 10,
};

const PAYMENT_WEIGHTS: Record<Contract, number[]> = {
  'Month-to-month': [0.48, 0.23, 0.15, 0.14],
  'One year': [0.24, 0.23, 0.27, 0.27],
  'Two year': [0.1, 0.23, 0.33, 0.34],
};
const PAPERLESS_RATE: Record<Contract, number> = {
  'Month-to-month': 0.67,
  'One year': 0.54,
  'Two year': 0.46,
};
const MULTIPLE_LINES_RATE: Record<Internet, number> = { DSL: 0.4, 'Fiber optic': 0.63, No: 0.22 };

/**
 * Churn log-odds, a logistic regression fitted to the real file (AUC ~0.85 there), so the
 * synthetic task is about as hard as the real one. The intercept puts the churn rate near 26.5%.
 */
const CHURN = {
  intercept: -0.62,
  monthToMonth: 0.71,
  twoYear: -0.97,
  logTenure: -0.6,
  fiber: 0.78,
  noInternet: -0.99,
  electronicCheck: 0.5,
  senior: 0.35,
  paperless: 0.5,
  onlineSecurity: -0.33,
  techSupport: -0.3,
  onlineBackup: -0.11,
  streaming: 0.33,
  multipleLines: 0.3,
  dependents: -0.45,
};

const logit = (p: number): number => Math.log(p / (1 - p));
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const yesNo = (b: boolean): 'Yes' | 'No' => (b ? 'Yes' : 'No');
const cents = (x: number): number => Math.round(x * 100) / 100;

function drawTenure(rng: Rng, contract: Contract): number {
  const bins = TENURE_WEIGHTS[contract].map((_, i) => i);
  const bin = pickWeighted(rng, bins, TENURE_WEIGHTS[contract]);
  return TENURE_BINS[bin] + Math.floor(rng() * (TENURE_BINS[bin + 1] - TENURE_BINS[bin]));
}

function churnProbability(c: Customer): number {
  const k = CHURN;
  const z =
    k.intercept +
    (c.contract === 'Month-to-month' ? k.monthToMonth : 0) +
    (c.contract === 'Two year' ? k.twoYear : 0) +
    k.logTenure * Math.log1p(c.tenure) +
    (c.internetService === 'Fiber optic' ? k.fiber : 0) +
    (c.internetService === 'No' ? k.noInternet : 0) +
    (c.paymentMethod === 'Electronic check' ? k.electronicCheck : 0) +
    (c.seniorCitizen === 'Yes' ? k.senior : 0) +
    (c.paperlessBilling === 'Yes' ? k.paperless : 0) +
    (c.onlineSecurity === 'Yes' ? k.onlineSecurity : 0) +
    (c.techSupport === 'Yes' ? k.techSupport : 0) +
    (c.onlineBackup === 'Yes' ? k.onlineBackup : 0) +
    k.streaming * ((c.streamingTV === 'Yes' ? 1 : 0) + (c.streamingMovies === 'Yes' ? 1 : 0)) +
    (c.multipleLines === 'Yes' ? k.multipleLines : 0) +
    (c.dependents === 'Yes' ? k.dependents : 0);
  return sigmoid(z);
}

function drawCustomer(rng: Rng): Customer {
  const senior = bernoulli(rng, 0.162);
  const partner = bernoulli(rng, 0.483);
  const dependents = bernoulli(rng, partner ? 0.51 : 0.1);
  const internet = pickWeighted(rng, INTERNET, INTERNET_WEIGHTS[senior ? 'senior' : 'other']);
  // Couples stay longer: they sign one- and two-year contracts more often.
  const commitment = partner ? 1.45 : 0.7;
  const [shortTerm, ...longTerm] = CONTRACT_WEIGHTS[internet];
  const contract = pickWeighted(rng, CONTRACTS, [shortTerm, ...longTerm.map((w) => w * commitment)]);
  const tenure = drawTenure(rng, contract);
  // Fibre and no-internet customers all have a phone line in the real data; 72% of DSL ones do.
  const phone = internet !== 'DSL' || bernoulli(rng, 0.718);
  const multipleLines = phone && bernoulli(rng, MULTIPLE_LINES_RATE[internet]);
  // Long-standing customers carry more add-ons.
  const loyalty = (1.5 * (tenure - 32)) / 24;
  const addOns = {} as Record<AddOn, Customer[AddOn]>;
  let monthly = (phone ? PRICE.phone : 0) + (multipleLines ? PRICE.multipleLines : 0) + PRICE[internet];
  for (const field of ADD_ONS) {
    if (internet === 'No') {
      addOns[field] = 'No internet service';
      continue;
    }
    const has = bernoulli(rng, sigmoid(logit(ADD_ON_RATES[field][internet === 'DSL' ? 0 : 1]) + loyalty));
    addOns[field] = yesNo(has);
    if (has) monthly += PRICE[field];
  }
  // Prices in the file are multiples of 5 cents.
  monthly = cents(Math.max(18.25, Math.round((monthly + normal(rng, 0, 1)) * 20) / 20));
  // Price changes over the years: total is monthly x tenure within a few percent.
  const drift = Math.min(1.15, Math.max(0.85, normal(rng, 1, 0.05)));
  const total = tenure <= 1 ? monthly : Math.min(FIELDS.totalCharges.max, cents(monthly * tenure * drift));
  return {
    gender: pick(rng, FIELDS.gender.values),
    seniorCitizen: yesNo(senior),
    partner: yesNo(partner),
    dependents: yesNo(dependents),
    tenure,
    contract,
    paperlessBilling: yesNo(bernoulli(rng, PAPERLESS_RATE[contract])),
    paymentMethod: pickWeighted(rng, PAYMENTS, PAYMENT_WEIGHTS[contract]),
    monthlyCharges: monthly,
    totalCharges: total,
    phoneService: yesNo(phone),
    multipleLines: phone ? yesNo(multipleLines) : 'No phone service',
    internetService: internet,
    ...addOns,
  };
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** An id shaped like the file's (`1234-ABCDE`), made up by the RNG and unique within a batch. */
function drawCustomerId(rng: Rng, taken: Set<string>): string {
  for (;;) {
    let id = String(Math.floor(rng() * 10000)).padStart(4, '0') + '-';
    for (let i = 0; i < 5; i++) id += LETTERS[Math.floor(rng() * 26)];
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/** `n` labelled customers; the same seed always gives the same rows. */
export function generateCustomers(n: number, seed: number): LabelledCustomer[] {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`the number of customers must be a whole number >= 0, got ${n}`);
  const rng = createRng(seed);
  const taken = new Set<string>();
  const rows: LabelledCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const customer = drawCustomer(rng);
    const churn = bernoulli(rng, churnProbability(customer));
    rows.push({ customerId: drawCustomerId(rng, taken), customer, churn });
  }
  return rows;
}

/**
 * CSV in the real file's format: its 21 columns in its order, SeniorCitizen as 0/1, Churn as
 * Yes/No, and a blank (" ") TotalCharges for tenure-0 customers, as the file has.
 */
export function toTelcoCsv(rows: readonly LabelledCustomer[]): string {
  const lines: (string | number)[][] = [[...TELCO_COLUMNS]];
  for (const { customerId, customer, churn } of rows) {
    const cells = TELCO_FIELD_ORDER.map((field): string | number => {
      if (field === 'seniorCitizen') return customer.seniorCitizen === 'Yes' ? 1 : 0;
      if (field === 'totalCharges' && customer.tenure === 0) return ' ';
      return customer[field];
    });
    lines.push([customerId, ...cells, yesNo(churn)]);
  }
  return toCsv(lines);
}
