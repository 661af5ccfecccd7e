/** Thrown at synth time when a construct's props are invalid; the message always names the prop. */
export class InvalidPropsError extends Error {
  constructor(
    readonly construct: string,
    readonly prop: string,
    detail: string,
  ) {
    super(`${construct}: invalid prop "${prop}": ${detail}`);
    this.name = 'InvalidPropsError';
  }
}

export function check(condition: boolean, construct: string, prop: string, detail: string): void {
  if (!condition) throw new InvalidPropsError(construct, prop, detail);
}

/** A literal value that is known at synth time (not a CDKTF token such as "${TfToken[...]}"). */
export function isLiteral(value: string): boolean {
  return !value.includes('${');
}
