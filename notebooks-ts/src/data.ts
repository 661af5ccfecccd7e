import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ADD_ONS, Customer, FIELDS } from '@telco-churn/core/fields';
import { SCALED_FEATURES, Scaler, tenureGroup } from '@telco-churn/core/features';
import { RowError, parseTelcoCsv } from '@telco-churn/core/telco-csv';
import { ColumnKinds } from './smote';

/** Bad input data: the message names the file, line and column of every problem (up to 20). */
export class DataError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
    options?: { cause?: unknown },
  ) {
    super(problems.length ? `${message}\n  ${problems.join('\n  ')}` : message, options);
    this.name = 'DataError';
  }
}

export interface LabelledRow {
  line: number;
  customerId: string;
  customer: Customer;
  churn: boolean;
}

export interface LoadedData {
  path: string;
  rows: LabelledRow[];
  /** sha256 of the file's bytes, so a model names the exact data it was trained on. */
  hash: string;
  /** Rows whose TotalCharges was blank and took MonthlyCharges. */
  imputed: number;
}

const MAX_LISTED = 20;

function describe(path: string, e: RowError): string {
  const where = e.column ? `, column ${e.column}` : '';
  return `${path}:${e.line}${where}: ${e.message}`;
}

function readText(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (cause) {
    throw new DataError(`cannot read the ${what} ${path}: ${(cause as Error).message}`, [], { cause });
  }
}

/**
 * Reads a labelled Telco CSV for training. Any bad row stops training (a model must not be fitted
 * on a silently shortened file): the error lists each problem with its line and column.
 */
export function loadLabelledCsv(path: string): LoadedData {
  const bytes = readText(path, 'data file');
  const parsed = parseTelcoCsv(bytes.toString('utf8'), { requireLabel: true });
  const problems = parsed.errors.map((e) => describe(path, e));
  const seen = new Map<string, number>();
  const rows: LabelledRow[] = [];
  let imputed = 0;
  for (const row of parsed.rows) {
    if (!row.customerId) {
      problems.push(`${path}:${row.line}, column customerID: every training row needs a customer ID`);
      continue;
    }
    const first = seen.get(row.customerId);
    if (first !== undefined) {
      problems.push(`${path}:${row.line}, column customerID: "${row.customerId}" is also on line ${first}`);
      continue;
    }
    seen.set(row.customerId, row.line);
    if (row.imputed?.length) imputed++;
    rows.push({
      line: row.line,
      customerId: row.customerId,
      customer: row.customer,
      churn: row.churn === true,
    });
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED);
    if (problems.length > MAX_LISTED) listed.push(`... and ${problems.length - MAX_LISTED} more`);
    throw new DataError(`${path} has ${problems.length} problem(s); nothing was trained or written:`, listed);
  }
  const churners = rows.filter((r) => r.churn).length;
  if (churners < 10 || rows.length - churners < 10) {
    throw new DataError(
      `${path} needs at least 10 churners and 10 other customers, got ${churners} and ${rows.length - churners}`,
    );
  }
  return { path, rows, hash: createHash('sha256').update(bytes).digest('hex'), imputed };
}

/**
 * A held-out set given as customer IDs, one per line (blank lines skipped). Every ID must name a
 * customer of the data file, once.
 */
export function readTestIds(path: string, rows: readonly LabelledRow[]): Set<string> {
  const known = new Set(rows.map((r) => r.customerId));
  const ids = new Map<string, number>();
  const problems: string[] = [];
  readText(path, 'test-ids file')
    .toString('utf8')
    .split(/\r?\n/)
    .forEach((text, i) => {
      const id = text.trim();
      if (id === '') return;
      const line = i + 1;
      if (!known.has(id))
        problems.push(`${path}:${line}, column 1: unknown customer "${id}" (not in the data file)`);
      else if (ids.has(id))
        problems.push(`${path}:${line}, column 1: "${id}" is also on line ${ids.get(id)}`);
      else ids.set(id, line);
    });
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED);
    if (problems.length > MAX_LISTED) listed.push(`... and ${problems.length - MAX_LISTED} more`);
    throw new DataError(`${path} has ${problems.length} problem(s); nothing was trained or written:`, listed);
  }
  if (ids.size === 0 || ids.size === rows.length) {
    throw new DataError(
      `${path} must name some but not all customers of the data file (it names ${ids.size} of ${rows.length})`,
    );
  }
  return new Set(ids.keys());
}

/**
 * SMOTE-NC's view of the 46 encoded columns: the scaled numbers are continuous; each one-hot
 * group (MultipleLines_*, ..., TenureGroup_*) is one categorical value, each 0/1 column another.
 */
export function columnKinds(featureNames: readonly string[], scaler?: Scaler): ColumnKinds {
  const prefixes = [
    ...Object.values(FIELDS)
      .filter((spec) => spec.kind === 'category')
      .map((spec) => spec.csv),
    'TenureGroup',
  ];
  const continuous: number[] = [];
  const byPrefix = new Map<string, number[]>();
  const groups: number[][] = [];
  featureNames.forEach((name, j) => {
    if (SCALED_FEATURES.includes(name)) return void continuous.push(j);
    const prefix = prefixes.find((p) => name.startsWith(`${p}_`));
    if (!prefix) return void groups.push([j]);
    const group = byPrefix.get(prefix) ?? [];
    if (group.length === 0) {
      byPrefix.set(prefix, group);
      groups.push(group);
    }
    group.push(j);
  });
  if (!scaler) return { continuous, groups };
  const services = serviceRulesRepair(featureNames);
  const derived = derivedColumnsRepair(featureNames, scaler);
  // The service rules first: TotalServices counts the add-ons they may switch off.
  const repair = (row: Float32Array, from: Float32Array): void => {
    services(row, from);
    derived(row);
  };
  return { continuous, groups, repair };
}

/**
 * SMOTE-NC votes each one-hot group on its own, so a synthetic row could hold multiple lines
 * without a phone service, or an add-on without internet. The groups that depend on a service
 * follow the service voted: without it they become "No phone service" / "No internet service";
 * with it, a "No … service" vote takes the value of the row the synthetic row was grown from, or
 * "No" when that row lacked the service too. The schema's rules then hold (`validateCustomer`).
 */
export function serviceRulesRepair(
  featureNames: readonly string[],
): (row: Float32Array, from: Float32Array) => void {
  const at = (name: string): number => featureNames.indexOf(name);
  const dependent = (prefix: string, none: string) => ({
    group: featureNames.flatMap((name, j) => (name.startsWith(`${prefix}_`) ? [j] : [])),
    none: at(`${prefix}_${none}`),
    no: at(`${prefix}_No`),
  });
  const rules = [
    {
      has: (row: Float32Array) => row[at('PhoneService')] === 1,
      dependents: [dependent('MultipleLines', 'No_phone_service')],
    },
    {
      has: (row: Float32Array) => row[at('InternetService_No')] !== 1,
      dependents: ADD_ONS.map((field) => dependent(FIELDS[field].csv, 'No_internet_service')),
    },
  ];
  const complete =
    at('PhoneService') >= 0 &&
    at('InternetService_No') >= 0 &&
    rules.every((r) => r.dependents.every((d) => d.none >= 0 && d.no >= 0));
  const set = (row: Float32Array, group: number[], hot: number): void => {
    for (const c of group) row[c] = c === hot ? 1 : 0;
  };
  return (row, from) => {
    if (!complete) return;
    for (const { has, dependents } of rules) {
      const on = has(row);
      for (const { group, none, no } of dependents) {
        if (!on) set(row, group, none);
        else if (row[none] === 1)
          set(row, group, from[none] === 1 ? no : (group.find((c) => from[c] === 1) ?? no));
      }
    }
  };
}

/**
 * SMOTE-NC interpolates tenure, charges and the engineered numbers independently and votes the
 * tenure group: this puts the row back on the encoder's manifold. Tenure becomes a whole number
 * of months, TenureGroup_* follows it, TotalServices counts the voted add-ons and
 * AvgMonthlySpend = TotalCharges / (tenure + 1), each re-scaled with the training scaler.
 */
export function derivedColumnsRepair(
  featureNames: readonly string[],
  scaler: Scaler,
): (row: Float32Array) => void {
  const at = (name: string): number => featureNames.indexOf(name);
  const scale = (name: string): { col: number; mean: number; std: number } => {
    const k = scaler.features.indexOf(name);
    return {
      col: at(name),
      mean: k >= 0 ? scaler.means[k] : 0,
      std: k >= 0 && scaler.stds[k] !== 0 ? scaler.stds[k] : 1,
    };
  };
  const tenure = scale('tenure');
  const total = scale('TotalCharges');
  const services = scale('TotalServices');
  const average = scale('AvgMonthlySpend');
  const groups = ['0_1yr', '1_2yr', '2_4yr', '4_6yr'].map((g) => ({ g, col: at(`TenureGroup_${g}`) }));
  const addOnYes = featureNames
    .map((name, j) =>
      /^(OnlineSecurity|OnlineBackup|DeviceProtection|TechSupport|StreamingTV|StreamingMovies)_Yes$/.test(
        name,
      )
        ? j
        : -1,
    )
    .filter((j) => j >= 0);
  const raw = (s: { col: number; mean: number; std: number }, row: Float32Array): number =>
    row[s.col] * s.std + s.mean;
  const put = (s: { col: number; mean: number; std: number }, row: Float32Array, value: number): void => {
    if (s.col >= 0) row[s.col] = (value - s.mean) / s.std;
  };
  return (row) => {
    if (tenure.col < 0) return;
    const months = Math.max(0, Math.round(raw(tenure, row)));
    put(tenure, row, months);
    for (const { g, col } of groups) if (col >= 0) row[col] = tenureGroup(months) === g ? 1 : 0;
    let count = 0;
    for (const j of addOnYes) count += row[j];
    put(services, row, count);
    if (total.col >= 0) put(average, row, raw(total, row) / (months + 1));
  };
}
