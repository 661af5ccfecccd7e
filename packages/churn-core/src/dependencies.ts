import { ADD_ONS, FIELDS, type FieldName } from './fields';

/**
 * The consistency rules of the real data, in one table: a dependent field takes one fixed value
 * exactly when its parent service is "No" (multiple lines without a phone, the six add-ons
 * without internet). The joi schema, the UI's form and validator, the synthetic generator and
 * the trainer's SMOTE repair are all built on it.
 */
export interface Dependency {
  field: FieldName;
  parent: 'phoneService' | 'internetService';
  /** The field's value when the parent is "No", and never otherwise. */
  without: string;
}

/** The parent value that means "this customer has no such service". */
export const SERVICE_OFF = 'No';
/** What a dependent field becomes when its service is switched on while it held `without`. */
export const SERVICE_ON_DEFAULT = 'No';

export const DEPENDENCIES: readonly Dependency[] = [
  { field: 'multipleLines', parent: 'phoneService', without: 'No phone service' },
  ...ADD_ONS.map((field): Dependency => ({
    field,
    parent: 'internetService',
    without: 'No internet service',
  })),
];

const BY_FIELD = new Map<FieldName, Dependency>(DEPENDENCIES.map((d) => [d.field, d]));

export const dependencyOf = (field: FieldName): Dependency | undefined => BY_FIELD.get(field);

/** A customer, or the form's text values: only the fields' values are read. */
type Values = { readonly [K in FieldName]?: string | number };

export const serviceOff = (dependency: Dependency, values: Values): boolean =>
  values[dependency.parent] === SERVICE_OFF;

/** The values a field may take given the customer's services; an independent field's whole list. */
export function allowedValues(field: FieldName, values: Values): readonly string[] {
  const spec = FIELDS[field];
  if (spec.kind !== 'category') return [];
  const dependency = BY_FIELD.get(field);
  if (!dependency) return spec.values;
  return serviceOff(dependency, values)
    ? [dependency.without]
    : spec.values.filter((value) => value !== dependency.without);
}

/** The values of a dependent field with and without its service, for rules that branch on the parent. */
export function dependentValues(dependency: Dependency): { on: readonly string[]; off: readonly string[] } {
  const spec = FIELDS[dependency.field];
  const values: readonly string[] = spec.kind === 'category' ? spec.values : [];
  return { on: values.filter((value) => value !== dependency.without), off: [dependency.without] };
}

/** How the condition reads in a validation message: `phoneService is "No"` or `phoneService is not "No"`. */
export const conditionText = (dependency: Dependency, off: boolean): string =>
  `${dependency.parent} ${off ? 'is' : 'is not'} "${SERVICE_OFF}"`;

/**
 * The dependent fields brought in line with their services: without the service a field takes
 * its one value; with it, a field still holding that value (the service was just switched on)
 * becomes "No"; any other value is kept.
 */
export function applyDependencies<T extends Values>(values: T): T {
  const next: Record<string, string | number | undefined> = { ...values };
  for (const dependency of DEPENDENCIES) {
    if (serviceOff(dependency, values)) next[dependency.field] = dependency.without;
    else if (next[dependency.field] === dependency.without) next[dependency.field] = SERVICE_ON_DEFAULT;
  }
  return next as T;
}
