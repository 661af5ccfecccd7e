import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import type { Booster, TreeArrays } from './booster';
import { ModelFormatError } from './errors';
import { LeafTables, buildLeafTables } from './leaf-shap';

/**
 * A parsed booster and its SHAP leaf tables as flat bytes, written beside a model
 * (`booster.bin`) by the Lambda build so that a cold start copies typed arrays instead of
 * parsing the JSON model and building the tables (~25 ms, most of it garbage the parse leaves).
 * It is a cache, never the model: it records the SHA-256 of the model file it came from, and a
 * model replaced without a rebuild is parsed again rather than served stale.
 *
 * Layout: MAGIC (8 bytes), the header's length (uint32 LE), the header (JSON), zero padding to
 * 8 bytes, then the arrays, each starting on a multiple of 8 from there. Arrays are in the
 * platform's byte order, which the header names; a reader of the other order parses the model.
 */
export const COMPILED_FILE = 'booster.bin';

const MAGIC = Buffer.from('XGBRTC01', 'latin1');
const VERSION = 1;

type Kind = 'i32' | 'u8' | 'f32' | 'f64';
type Typed = Int32Array | Uint8Array | Float32Array | Float64Array;

const CONSTRUCTORS = { i32: Int32Array, u8: Uint8Array, f32: Float32Array, f64: Float64Array } as const;
const kindOf = (a: Typed): Kind =>
  a instanceof Int32Array
    ? 'i32'
    : a instanceof Uint8Array
      ? 'u8'
      : a instanceof Float32Array
        ? 'f32'
        : 'f64';

const TREE_ARRAYS = ['root', 'left', 'splitIndex', 'value', 'defaultLeft', 'cover', 'meanValue'] as const;
const TABLE_ARRAYS = [
  'leafNodeStart',
  'leafWidth',
  'leafTableStart',
  'pathNode',
  'pathBit',
  'pathGoesLeft',
  'leafFeatures',
  'table',
] as const;

interface ArraySpec {
  name: string;
  kind: Kind;
  offset: number;
  length: number;
}

interface Header {
  version: number;
  source_sha256: string;
  endianness: 'LE' | 'BE';
  booster: Omit<Booster, 'trees' | 'baseScore' | 'baseMargin'> & { maxDepth: number };
  /** Whether the model's leaf tables are kept (not when too big: explain then recurses). */
  tables: boolean;
  arrays: ArraySpec[];
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

/** The compiled form of `b`, parsed from `source` (the model file's bytes). */
export function compileBooster(b: Booster, source: Uint8Array): Buffer {
  const { trees, baseScore, baseMargin, ...scalars } = b;
  const tables = buildLeafTables(b);
  // Doubles as their bits, not as JSON numbers: JSON has no -0.
  const numbers = Float64Array.of(baseScore, baseMargin, tables?.bias ?? 0);
  const named: [string, Typed][] = [
    ['numbers', numbers],
    ...TREE_ARRAYS.map((name): [string, Typed] => [`trees.${name}`, trees[name]]),
    ...(tables ? TABLE_ARRAYS.map((name): [string, Typed] => [`tables.${name}`, tables[name]]) : []),
  ];
  const arrays: ArraySpec[] = [];
  let offset = 0;
  for (const [name, array] of named) {
    arrays.push({ name, kind: kindOf(array), offset, length: array.length });
    offset = align8(offset + array.byteLength);
  }
  const header: Header = {
    version: VERSION,
    source_sha256: sha256(source),
    endianness: endianness(),
    booster: { ...scalars, maxDepth: trees.maxDepth },
    tables: tables !== undefined,
    arrays,
  };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const dataStart = align8(MAGIC.length + 4 + head.length);
  const out = Buffer.alloc(dataStart + offset);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(head.length, MAGIC.length);
  head.copy(out, MAGIC.length + 4);
  named.forEach(([, array], i) => {
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(out, dataStart + arrays[i].offset);
  });
  return out;
}

function readHeader(bytes: Uint8Array, file: string): { header: Header; dataStart: number } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new ModelFormatError(
      `${file}: not a compiled booster (rebuild it, or delete it to parse the model)`,
    );
  }
  const length = buf.readUInt32LE(MAGIC.length);
  const end = MAGIC.length + 4 + length;
  if (end > buf.length) throw new ModelFormatError(`${file}: truncated in its header`);
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', MAGIC.length + 4, end)) as Header;
  } catch (cause) {
    throw new ModelFormatError(`${file}: its header is not JSON`, { cause });
  }
  if (header.version !== VERSION)
    throw new ModelFormatError(`${file}: version ${header.version}, this runtime reads ${VERSION}`);
  return { header, dataStart: align8(end) };
}

/**
 * The booster and leaf tables `bytes` hold, or undefined when they were compiled from another
 * model file than `source` (or on a platform of the other byte order). Damaged bytes throw a
 * ModelFormatError naming `file`: the build wrote them, so damage means a broken image.
 */
export function readCompiledBooster(
  bytes: Uint8Array,
  source: Uint8Array,
  file: string,
): { booster: Booster; tables: LeafTables | null } | undefined {
  const { header, dataStart } = readHeader(bytes, file);
  if (header.source_sha256 !== sha256(source) || header.endianness !== endianness()) return undefined;
  const arrays = new Map<string, Typed>();
  for (const { name, kind, offset, length } of header.arrays) {
    const Ctor = CONSTRUCTORS[kind];
    if (!Ctor) throw new ModelFormatError(`${file}: array ${name} has an unknown type ${kind}`);
    const start = dataStart + offset;
    const end = start + length * Ctor.BYTES_PER_ELEMENT;
    if (end > bytes.length) throw new ModelFormatError(`${file}: truncated in array ${name}`);
    // A copy into a buffer of its own: the file's need not be aligned for the typed array (and a
    // Buffer's slice() would share it).
    const copy = new Uint8Array(end - start);
    copy.set(bytes.subarray(start, end));
    arrays.set(name, new Ctor(copy.buffer));
  }
  const get = <T extends Typed>(name: string): T => {
    const array = arrays.get(name);
    if (!array) throw new ModelFormatError(`${file}: array ${name} is missing`);
    return array as T;
  };
  const { maxDepth, ...scalars } = header.booster;
  const [baseScore, baseMargin, bias] = get<Float64Array>('numbers');
  const trees = Object.fromEntries(TREE_ARRAYS.map((name) => [name, get(`trees.${name}`)]));
  const booster: Booster = {
    ...scalars,
    baseScore,
    baseMargin,
    trees: { ...trees, maxDepth } as unknown as TreeArrays,
  };
  const tables = header.tables
    ? ({
        ...Object.fromEntries(TABLE_ARRAYS.map((name) => [name, get(`tables.${name}`)])),
        bias,
      } as unknown as LeafTables)
    : null;
  return { booster, tables };
}
