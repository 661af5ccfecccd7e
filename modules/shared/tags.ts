/** Tags every construct accepts; merged into each taggable resource it creates. */
export type Tags = Readonly<Record<string, string>>;

/**
 * Explicit tags on every resource (not provider default_tags) so that a construct used in any
 * stack carries them and the policy suite can prove it from the synthesized JSON alone.
 */
export function withName(tags: Tags | undefined, name: string): Record<string, string> {
  return { ...(tags ?? {}), Name: name };
}

/** AWS rejects tag keys over 128 and values over 256 characters, and keys starting with "aws:". */
export function tagProblem(tags: Tags | undefined): string | undefined {
  for (const [key, value] of Object.entries(tags ?? {})) {
    if (key.length === 0 || key.length > 128) return `key "${key}" must be 1..128 characters`;
    if (key.toLowerCase().startsWith('aws:')) return `key "${key}" uses the reserved "aws:" prefix`;
    if (value.length > 256) return `value of "${key}" is longer than 256 characters`;
  }
  return undefined;
}
