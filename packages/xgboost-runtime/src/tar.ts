import { gunzipSync, gzipSync } from 'node:zlib';
import { ModelFormatError } from './errors';

/*
 * Just enough tar (POSIX ustar, with pax and GNU long-name records) to read a SageMaker
 * model.tar.gz and to write one. A tar file is 512-byte blocks: a header block per entry
 * (name 0..100, octal size at 124, checksum at 148, type at 156, ustar prefix at 345), then the
 * data rounded up to whole blocks; two zero blocks end the archive.
 */
const BLOCK = 512;

export interface TarEntry {
  name: string;
  type: string;
  data: Uint8Array;
}

const text = (b: Uint8Array, start: number, length: number): string => {
  const field = b.subarray(start, start + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end < 0 ? field : field.subarray(0, end));
};

const octal = (b: Uint8Array, start: number, length: number): number => {
  const s = text(b, start, length).trim();
  return s === '' ? 0 : parseInt(s, 8);
};

function checksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
  return sum;
}

/** `path=` from a pax extended header (records "<len> key=value\n"). */
function paxPath(data: Uint8Array): string | undefined {
  const match = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(new TextDecoder().decode(data));
  return match?.[1];
}

export function readTar(bytes: Uint8Array, source: string): TarEntry[] {
  const entries: TarEntry[] = [];
  let pos = 0;
  let longName: string | undefined;
  while (pos + BLOCK <= bytes.length) {
    const header = bytes.subarray(pos, pos + BLOCK);
    if (header.every((b) => b === 0)) return entries;
    const stored = octal(header, 148, 8);
    if (stored !== checksum(header)) {
      throw new ModelFormatError(
        `${source}: tar header at byte ${pos} has a bad checksum: not a tar file, or corrupt`,
      );
    }
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] || 48);
    const start = pos + BLOCK;
    if (!Number.isFinite(size) || start + size > bytes.length) {
      throw new ModelFormatError(`${source}: truncated tar: an entry at byte ${pos} needs ${size} bytes`);
    }
    const data = bytes.subarray(start, start + size);
    pos = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x' || type === 'L') {
      longName = type === 'x' ? paxPath(data) : text(data, 0, data.length);
      continue;
    }
    if (type === 'g') continue;
    const prefix = text(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longName = undefined;
    entries.push({ name, type, data });
  }
  throw new ModelFormatError(`${source}: truncated tar: no end-of-archive blocks`);
}

const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

export function gunzipModel(bytes: Uint8Array, source: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (cause) {
    throw new ModelFormatError(`${source}: corrupt or truncated gzip data (${(cause as Error).message})`, {
      cause,
    });
  }
}

/**
 * The one model file in a (gzipped) tar, chosen as SageMaker's XGBoost container does: regular
 * files whose name does not start with a dot. More than one would make SageMaker average them.
 */
export function modelFromTar(bytes: Uint8Array, source: string): Uint8Array {
  const tar = isGzip(bytes) ? gunzipModel(bytes, source) : bytes;
  const files = readTar(tar, source).filter(
    (e) => (e.type === '0' || e.type === '7') && !(e.name.split('/').pop() ?? '').startsWith('.'),
  );
  if (files.length === 0) throw new ModelFormatError(`${source}: the archive holds no model file`);
  if (files.length > 1) {
    throw new ModelFormatError(
      `${source}: the archive holds ${files.length} files (${files.map((f) => f.name).join(', ')}); ` +
        'SageMaker would average them as an ensemble: ship exactly one, named xgboost-model',
    );
  }
  return files[0].data;
}

function writeField(header: Uint8Array, start: number, length: number, value: string): void {
  header.set(new TextEncoder().encode(value).subarray(0, length), start);
}

function headerBlock(name: string, size: number, type: string): Uint8Array {
  const header = new Uint8Array(BLOCK);
  writeField(header, 0, 100, name);
  writeField(header, 100, 8, '0000644\0');
  writeField(header, 108, 8, '0000000\0');
  writeField(header, 116, 8, '0000000\0');
  writeField(header, 124, 12, `${size.toString(8).padStart(11, '0')}\0`);
  writeField(header, 136, 12, '00000000000\0');
  header[156] = type.charCodeAt(0);
  writeField(header, 257, 8, 'ustar\u000000');
  writeField(header, 148, 8, `${checksum(header).toString(8).padStart(6, '0')}\0 `);
  return header;
}

/** An uncompressed ustar archive of the given entries (type '0' regular file, 'x' pax, 'L' GNU long name, ...). */
export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const entry of entries) {
    blocks.push(headerBlock(entry.name, entry.data.length, entry.type));
    const padded = new Uint8Array(Math.ceil(entry.data.length / BLOCK) * BLOCK);
    padded.set(entry.data);
    blocks.push(padded);
  }
  blocks.push(new Uint8Array(2 * BLOCK));
  return Buffer.concat(blocks);
}

/** A model.tar.gz as SageMaker expects it: one regular file named `xgboost-model`. */
export function packModelTarGz(modelBytes: Uint8Array, name = 'xgboost-model'): Buffer {
  return gzipSync(writeTar([{ name, type: '0', data: modelBytes }]));
}

export { isGzip };
