/**
 * The S3 side of a run: upload the CSVs, download model.tar.gz. Files above 64 MiB go up in
 * parts (multipart upload: S3 refuses a single PUT above 5 GiB, and parts can be retried alone);
 * a failed multipart upload is aborted so no orphan parts keep costing storage.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { stepFailed } from './errors';

export interface S3Location {
  bucket: string;
  key: string;
}

export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.*)$/.exec(uri);
  if (!match) throw new RangeError(`"${uri}" is not an S3 URI like s3://bucket/key`);
  return { bucket: match[1], key: match[2] };
}

export const s3Uri = ({ bucket, key }: S3Location): string => `s3://${bucket}/${key}`;

/** Joins key parts with single slashes. */
export const joinKey = (...parts: string[]): string =>
  parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');

export const MULTIPART_THRESHOLD = 64 * 1024 * 1024;
export const PART_SIZE = 16 * 1024 * 1024;

async function readRange(file: string, start: number, end: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(file, { start, end: end - 1 })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Uploads a local file; returns its s3:// URI. */
export async function uploadFile(
  s3: S3Client,
  file: string,
  to: S3Location,
  opts: { contentType?: string; partSize?: number; threshold?: number } = {},
): Promise<string> {
  const step = `upload ${file} to ${s3Uri(to)}`;
  const contentType = opts.contentType ?? 'text/csv';
  const partSize = opts.partSize ?? PART_SIZE;
  const { size } = await stat(file).catch((cause) => {
    throw stepFailed(step, cause);
  });
  if (size <= (opts.threshold ?? MULTIPART_THRESHOLD)) {
    try {
      const body = await readRange(file, 0, size);
      await s3.send(
        new PutObjectCommand({ Bucket: to.bucket, Key: to.key, Body: body, ContentType: contentType }),
      );
      return s3Uri(to);
    } catch (cause) {
      throw stepFailed(step, cause);
    }
  }
  let uploadId: string | undefined;
  try {
    const created = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: to.bucket, Key: to.key, ContentType: contentType }),
    );
    uploadId = created.UploadId;
    if (!uploadId) throw new Error('S3 returned no UploadId');
    const parts: { ETag: string; PartNumber: number }[] = [];
    for (let start = 0, part = 1; start < size; start += partSize, part++) {
      const body = await readRange(file, start, Math.min(size, start + partSize));
      const sent = await s3.send(
        new UploadPartCommand({
          Bucket: to.bucket,
          Key: to.key,
          UploadId: uploadId,
          PartNumber: part,
          Body: body,
        }),
      );
      if (!sent.ETag) throw new Error(`S3 returned no ETag for part ${part}`);
      parts.push({ ETag: sent.ETag, PartNumber: part });
    }
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: to.bucket,
        Key: to.key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    return s3Uri(to);
  } catch (cause) {
    if (uploadId) {
      await s3
        .send(new AbortMultipartUploadCommand({ Bucket: to.bucket, Key: to.key, UploadId: uploadId }))
        .catch(() => undefined); // The upload error below is the one worth reporting.
    }
    throw stepFailed(step, cause);
  }
}

/** The whole object as bytes (model.tar.gz is small: a few MB at most). */
export async function downloadObject(s3: S3Client, from: S3Location): Promise<Uint8Array> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: from.bucket, Key: from.key }));
    if (!out.Body) throw new Error('S3 returned an empty body');
    return await out.Body.transformToByteArray();
  } catch (cause) {
    throw stepFailed(`download ${s3Uri(from)}`, cause);
  }
}
