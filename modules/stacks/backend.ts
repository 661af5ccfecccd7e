import { readFileSync } from 'node:fs';
import { S3Backend, TerraformStack } from 'cdktf';

/** The S3 backend settings of backend.tf.json (plain Terraform JSON, so terraform can read it too). */
export interface BackendSettings {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  readonly encrypt: boolean;
  readonly useLockfile: boolean;
  /** Optional DynamoDB lock table for Terraform < 1.10 (the state stack creates it). */
  readonly dynamodbTable?: string;
}

export const PLACEHOLDER_BUCKET = 'REPLACE-with-your-state-bucket';

export class BackendFileError extends Error {
  constructor(file: string, detail: string, options?: { cause?: unknown }) {
    super(`${file}: ${detail}`, options);
    this.name = 'BackendFileError';
  }
}

export function parseBackend(text: string, file = 'backend.tf.json'): BackendSettings {
  let json: { terraform?: { backend?: { s3?: Record<string, unknown> } } };
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new BackendFileError(file, 'is not valid JSON', { cause });
  }
  const s3 = json.terraform?.backend?.s3;
  if (!s3) throw new BackendFileError(file, 'has no terraform.backend.s3 block');
  for (const field of ['bucket', 'key', 'region'] as const) {
    if (typeof s3[field] !== 'string' || s3[field] === '')
      throw new BackendFileError(file, `terraform.backend.s3.${field} must be a non-empty string`);
  }
  const key = s3.key as string;
  if (!key.endsWith('.tfstate') || key.startsWith('/'))
    throw new BackendFileError(
      file,
      `terraform.backend.s3.key "${key}" must be a relative path ending in .tfstate`,
    );
  const table = s3.dynamodb_table;
  if (table !== undefined && (typeof table !== 'string' || !/^[A-Za-z0-9_.-]{3,255}$/.test(table))) {
    throw new BackendFileError(
      file,
      `terraform.backend.s3.dynamodb_table "${table}" is not a DynamoDB table name`,
    );
  }
  const useLockfile = s3.use_lockfile !== false;
  if (!useLockfile && table === undefined) {
    throw new BackendFileError(file, 'state locking is off: keep use_lockfile true or name a dynamodb_table');
  }
  return {
    bucket: s3.bucket as string,
    key,
    region: s3.region as string,
    encrypt: s3.encrypt !== false,
    useLockfile,
    dynamodbTable: table,
  };
}

export function readBackend(path: string): BackendSettings {
  return parseBackend(readFileSync(path, 'utf8'), path);
}

export function isPlaceholder(backend: BackendSettings): boolean {
  return backend.bucket === PLACEHOLDER_BUCKET;
}

/** Each remote stack keeps its state beside the configured key: `<dir>/<stack>.tfstate`. */
export function stateKey(backend: BackendSettings, stack: string): string {
  const slash = backend.key.lastIndexOf('/');
  return `${slash >= 0 ? backend.key.slice(0, slash + 1) : ''}${stack}.tfstate`;
}

export function useRemoteState(stack: TerraformStack, backend: BackendSettings, stackName: string): void {
  new S3Backend(stack, {
    bucket: backend.bucket,
    key: stateKey(backend, stackName),
    region: backend.region,
    encrypt: backend.encrypt,
    dynamodbTable: backend.dynamodbTable,
  });
  // S3-native locking (Terraform >= 1.10): a lock object beside the state, no DynamoDB table.
  // cdktf 0.21's S3Backend predates the option, hence the override.
  if (backend.useLockfile) stack.addOverride('terraform.backend.s3.use_lockfile', true);
}
