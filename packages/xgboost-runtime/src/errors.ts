/** A model file that cannot be used: corrupt, truncated, or a kind this runtime does not evaluate. */
export class ModelFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelFormatError';
  }
}
