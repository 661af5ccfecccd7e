import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { S3Client } from '@aws-sdk/client-s3';
import { loadSettings } from '../config';
import { RunContext } from '../training';

export const ROLE = 'arn:aws:iam::123456789012:role/SageMakerExecution';
export const ENV = { SAGEMAKER_BUCKET: 'churn-bucket', SAGEMAKER_ROLE_ARN: ROLE, AWS_REGION: 'eu-central-1' };
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface TestContext extends RunContext {
  lines: string[];
  sleeps: number[];
}

/** Real SDK clients (mocked per test with aws-sdk-client-mock), no real waiting. */
export function testContext(env: Record<string, string> = {}): TestContext {
  const lines: string[] = [];
  const sleeps: number[] = [];
  return {
    settings: loadSettings({ ...ENV, ...env }, true),
    sagemaker: new SageMakerClient({ region: 'eu-central-1', credentials }),
    s3: new S3Client({ region: 'eu-central-1', credentials }),
    log: (line) => lines.push(line),
    now: () => new Date('2026-11-24T01:02:03Z'),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    lines,
    sleeps,
  };
}

export function tempFiles(files: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sagemaker-test-'));
  return Object.fromEntries(
    Object.entries(files).map(([name, text]) => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return [name, file];
    }),
  );
}

/** A GetObject body as the SDK returns it, reduced to what the scripts use. */
export const body = (bytes: Uint8Array) =>
  ({
    transformToByteArray: async () => bytes,
  }) as unknown as import('@aws-sdk/client-s3').GetObjectCommandOutput['Body'];
