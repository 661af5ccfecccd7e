/**
 * Rows of the Telco Customer Churn file (or of a CSV headed with the API's field names) into
 * validated customers. A bad row is reported with its line and field and left out; the good
 * rows are kept. Validation is the API's own (`validateCustomer`), so messages match.
 */
import { CsvRecord, eachCsvRecord } from './csv';
import { Customer, FIELD_NAMES, FIELDS, FieldName, FieldSpec } from './fields';
import { isPlainlyValid, validateCustomer } from './schema';

export { parseCsvLine, toCsv } from './csv';

export interface TelcoRow {
  line: number;
  customerId?: string;
  customer: Customer;
  churn?: boolean;
  /** Fields filled in rather than read: blank TotalCharges (new customers) take MonthlyCharges. */
  imputed?: FieldName[];
}

export interface RowError {
  line: number;
  /** The API's field name (`totalCharges`), `churn`, `customerID`, `(header)` or `(row)`. */
  field: string;
  message: string;
  customerId?: string;
  /** The column as the file names it (`TotalCharges`), when the error is about one column. */
  column?: string;
}

export interface ParseTelcoOptions {
  /** Training data: the Churn column must exist and every row needs a Yes/No label. */
  requireLabel?: boolean;
}

export interface TelcoParse {
  header: string[];
  rows: TelcoRow[];
  errors: RowError[];
}

const ID_COLUMN = 'customerID';
const LABEL_COLUMN = 'Churn';

/** The fields in the column order of the real Telco file (between customerID and Churn). */
export const TELCO_FIELD_ORDER: readonly FieldName[] = [
  'gender',
  'seniorCitizen',
  'partner',
  'dependents',
  'tenure',
  'phoneService',
  'multipleLines',
  'internetService',
  'onlineSecurity',
  'onlineBackup',
  'deviceProtection',
  'techSupport',
  'streamingTV',
  'streamingMovies',
  'contract',
  'paperlessBilling',
  'paymentMethod',
  'monthlyCharges',
  'totalCharges',
];

/** The real file's header, 21 columns. */
export const TELCO_COLUMNS: readonly string[] = [
  ID_COLUMN,
  ...TELCO_FIELD_ORDER.map((f) => FIELDS[f].csv),
  LABEL_COLUMN,
];
const ID_ALIASES = ['customerid', 'customer_id'];

/** Header cell (lower case) -> what it holds: both the file's and the API's names come from FIELDS. */
const COLUMN_KEYS = new Map<string, FieldName | 'customerId' | 'churn'>([
  ...FIELD_NAMES.flatMap((name) => [
    [FIELDS[name].csv.toLowerCase(), name] as const,
    [name.toLowerCase(), name] as const,
  ]),
  ...ID_ALIASES.map((alias) => [alias, 'customerId'] as const),
  ['churn', 'churn'],
]);

type Column = { index: number; name: string; spec?: FieldSpec };
type Layout = { fields: Map<FieldName, Column>; id?: Column; label?: Column; width: number };

function layoutOf(header: string[], requireLabel: boolean): Layout | RowError {
  const fields = new Map<FieldName, Column>();
  const seen = new Map<string, string>();
  let id: Column | undefined;
  let label: Column | undefined;
  for (const [index, raw] of header.entries()) {
    const name = raw.trim();
    const key = COLUMN_KEYS.get(name.toLowerCase());
    if (!key) continue; // Extra columns (e.g. a row number) are allowed and ignored.
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      return {
        line: 1,
        field: '(header)',
        column: name,
        message: `the columns "${earlier}" and "${name}" both give ${key}`,
      };
    }
    seen.set(key, name);
    if (key === 'customerId') id = { index, name };
    else if (key === 'churn') label = { index, name };
    else fields.set(key, { index, name, spec: FIELDS[key] });
  }
  const missing: string[] = FIELD_NAMES.filter((f) => !fields.has(f)).map((f) => FIELDS[f].csv);
  if (requireLabel && !label) missing.push(LABEL_COLUMN);
  if (missing.length > 0) {
    return {
      line: 1,
      field: '(header)',
      message:
        `missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ` +
        `(the header must name the Telco file's columns, e.g. "${ID_COLUMN},gender,SeniorCitizen,...,TotalCharges${requireLabel ? ',Churn' : ''}", or the API's field names)`,
    };
  }
  return { fields, id, label, width: header.length };
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const SENIOR: Record<string, string> = { '0': 'No', '1': 'Yes' };
const LABELS: Record<string, boolean> = {
  yes: true,
  no: false,
  '1': true,
  '0': false,
  true: true,
  false: false,
};

const idOf = (cells: string[], id: Column | undefined): string | undefined =>
  id ? cells[id.index]?.trim() || undefined : undefined;

/** One data row -> customer, label and errors (never throws). */
function readRow(
  cells: string[],
  line: number,
  layout: Layout,
  requireLabel: boolean,
  brief = false,
): TelcoRow | RowError[] {
  const customerId = idOf(cells, layout.id);
  const errors: RowError[] = [];
  const fail = (field: string, column: Column, message: string): void => {
    errors.push({ line, field, message, column: column.name, ...(customerId ? { customerId } : {}) });
  };
  const draft: Record<string, unknown> = {};
  const imputed: FieldName[] = [];
  for (const [name, column] of layout.fields) {
    const text = (cells[column.index] ?? '').trim();
    if (text === '') continue; // validateCustomer names it as required (TotalCharges is imputed below).
    const spec = column.spec as FieldSpec;
    if (spec.kind === 'category') {
      draft[name] = name === 'seniorCitizen' ? (SENIOR[text] ?? text) : text;
    } else if (NUMBER.test(text)) {
      draft[name] = Number(text);
    } else {
      fail(
        name,
        column,
        `${name} must be ${spec.kind === 'integer' ? 'a whole number' : 'a number'}, got "${text}" in column ${column.index + 1} (${column.name})`,
      );
    }
  }
  // The real file leaves TotalCharges blank for the 11 customers in their first month.
  const total = layout.fields.get('totalCharges');
  if (total && (cells[total.index] ?? '').trim() === '' && typeof draft.monthlyCharges === 'number') {
    draft.totalCharges = draft.monthlyCharges;
    imputed.push('totalCharges');
  }
  let churn: boolean | undefined;
  if (layout.label) {
    const text = (cells[layout.label.index] ?? '').trim();
    churn = LABELS[text.toLowerCase()];
    if (churn === undefined && (text !== '' || requireLabel)) {
      fail(
        'churn',
        layout.label,
        `${layout.label.name} must be "Yes" or "No"${text ? `, got "${text}"` : ''}`,
      );
    }
  }
  if (brief && (errors.length > 0 || !isPlainlyValid(draft)))
    return [{ line, field: '(row)', message: 'the row is not valid (its problems are not listed)' }];
  const numberErrors = new Set(errors.map((e) => e.field));
  const result = validateCustomer(draft);
  if (!result.ok) {
    for (const e of result.errors) {
      if (numberErrors.has(e.field)) continue; // Already said better: "got "abc"".
      const column = layout.fields.get(e.field as FieldName);
      errors.push({
        line,
        field: e.field,
        message: e.message,
        ...(column ? { column: column.name } : {}),
        ...(customerId ? { customerId } : {}),
      });
    }
  }
  if (errors.length > 0 || !result.ok) return errors;
  const row: TelcoRow = { line, customer: result.value };
  if (customerId !== undefined) row.customerId = customerId;
  if (churn !== undefined) row.churn = churn;
  if (imputed.length > 0) row.imputed = imputed;
  return row;
}

/** What one record of a Telco CSV gives: a customer row, its errors, or nothing (the header). */
export type TelcoRecordResult = { row: TelcoRow } | { errors: RowError[]; stop?: boolean } | undefined;

/**
 * Reads a Telco CSV record by record (the header first), for callers that stream a file: each
 * record gives a row or its errors. A bad header gives one error with `stop`: no row can be read.
 * Built on telcoRowReader, so a streamed file reads exactly as parseTelcoCsv reads it.
 */
export function telcoRecordReader(opts: ParseTelcoOptions = {}) {
  let header: string[] | undefined;
  let read: TelcoRowReader | undefined;
  return {
    header: (): string[] | undefined => header,
    read(record: CsvRecord): TelcoRecordResult {
      if (!read) {
        header = record.fields.map((h) => h.trim());
        const found = telcoRowReader(record, opts);
        if (typeof found !== 'function') return { errors: [found], stop: true };
        read = found;
        return undefined;
      }
      const out = read(record);
      return Array.isArray(out) ? { errors: out } : { row: out };
    },
  };
}

export const EMPTY_CSV_ERROR: RowError = {
  line: 1,
  field: '(header)',
  message: 'the CSV is empty: expected a header line and rows',
};

/**
 * Parses the text of a Telco-format CSV. Header-based: columns in any order, the file's names
 * (`SeniorCitizen`, 0/1 or Yes/No) or the API's (`seniorCitizen`), case-insensitive; unknown
 * columns are ignored. Missing required columns give one error on line 1 and no rows.
 */
export function parseTelcoCsv(text: string, opts: ParseTelcoOptions = {}): TelcoParse {
  let header: string[] | undefined;
  let read: TelcoRowReader | undefined;
  const rows: TelcoRow[] = [];
  const errors: RowError[] = [];
  eachCsvRecord(text, (record) => {
    if (!read) {
      header = record.fields.map((h) => h.trim());
      const found = telcoRowReader(record, opts);
      if (typeof found !== 'function') {
        errors.push(found);
        return false;
      }
      read = found;
      return true;
    }
    const out = read(record);
    if (Array.isArray(out)) errors.push(...out);
    else rows.push(out);
    return true;
  });
  if (!header) errors.push({ ...EMPTY_CSV_ERROR });
  return { header: header ?? [], rows, errors };
}

/**
 * Reads one data record into a customer, or the reasons it cannot be one (never throws). With
 * `brief`, a bad row gets one unworded error instead of joi's full list: a caller that has
 * listed enough problems already (the UI upload) still counts bad rows, at ~1/100 of the cost,
 * so a file of 50,000 broken rows cannot hold the event loop for a minute.
 */
export type TelcoRowReader = (record: CsvRecord, brief?: boolean) => TelcoRow | RowError[];

/**
 * The reader for the rows under this header record, or the header's error. Lets a caller that
 * streams the file (the score CLI, the UI's upload) read rows one by one as parseTelcoCsv does.
 */
export function telcoRowReader(
  headerRecord: CsvRecord,
  opts: ParseTelcoOptions = {},
): TelcoRowReader | RowError {
  const requireLabel = opts.requireLabel ?? false;
  if (headerRecord.error) return { line: headerRecord.line, field: '(header)', message: headerRecord.error };
  const layout = layoutOf(
    headerRecord.fields.map((h) => h.trim()),
    requireLabel,
  );
  if (!('fields' in layout)) return layout;
  return (record, brief = false) => {
    if (record.error) return [{ line: record.line, field: '(row)', message: record.error }];
    if (record.fields.length !== layout.width)
      return [
        {
          line: record.line,
          field: '(row)',
          message: `the row has ${record.fields.length} fields but the header has ${layout.width}`,
        },
      ];
    return readRow(record.fields, record.line, layout, requireLabel, brief);
  };
}

/**
 * The customerID of each data record under this header, as the row reader reads it, without
 * reading the rest of the row: for a caller that has read and validated the rows once already
 * (the campaign CLI's second pass over its file). Undefined without an id column or when blank.
 */
export function telcoIdReader(headerRecord: CsvRecord): (record: CsvRecord) => string | undefined {
  const layout = layoutOf(
    headerRecord.fields.map((h) => h.trim()),
    false,
  );
  const id = 'fields' in layout ? layout.id : undefined;
  return (record) => idOf(record.fields, id);
}
