/**
 * Reads what `terraform test -verbose` prints for each run: pass/fail and, for plan runs, the
 * action planned for every resource address. Terraform's JSON plan is not offered by the test
 * command, so this reads its (stable, documented) human summary lines:
 *   `# <address> will be created | will be destroyed | will be updated in-place | must be replaced`
 * and, for replacements, the next line's symbol: `+/-` create-before-destroy, `-/+` destroy first.
 */
export type PlannedAction = 'create' | 'delete' | 'update' | 'replace-create-first' | 'replace-destroy-first';

export interface RunReport {
  readonly name: string;
  readonly passed: boolean;
  readonly actions: ReadonlyMap<string, PlannedAction>;
  readonly text: string;
}

const RUN_LINE = /^ {2}run "([^"]+)"\.\.\. (pass|fail|skip)\s*$/gm;
const SUMMARY = /^ {2}# (\S+) (will be created|will be destroyed|will be updated in-place|must be replaced)/;

export function parseTestOutput(output: string): RunReport[] {
  const marks = [...output.matchAll(RUN_LINE)];
  return marks.map((mark, i) => {
    const text = output.slice(mark.index! + mark[0].length, marks[i + 1]?.index ?? output.length);
    return { name: mark[1], passed: mark[2] === 'pass', actions: plannedActions(text), text };
  });
}

export function plannedActions(text: string): Map<string, PlannedAction> {
  const lines = text.split('\n');
  const actions = new Map<string, PlannedAction>();
  lines.forEach((line, i) => {
    const m = SUMMARY.exec(line);
    if (!m) return;
    const next = lines.slice(i + 1).find((l) => !/^\s*#/.test(l)) ?? '';
    const action: PlannedAction =
      m[2] === 'will be created'
        ? 'create'
        : m[2] === 'will be destroyed'
          ? 'delete'
          : m[2] === 'will be updated in-place'
            ? 'update'
            : next.trimStart().startsWith('+/-')
              ? 'replace-create-first'
              : 'replace-destroy-first';
    actions.set(m[1], action);
  });
  return actions;
}

/** Addresses a plan would destroy (alone or as part of a replacement). */
export function destroyed(actions: ReadonlyMap<string, PlannedAction>): string[] {
  return [...actions].filter(([, a]) => a !== 'create' && a !== 'update').map(([addr]) => addr);
}
