/**
 * Faults the stub can play, each as SageMaker Runtime (or the network) would show it.
 * A fault comes, first found wins, from: the queue filled through `POST /_stub/faults`, the
 * `X-Stub-Fault` header, `fault=` in the SageMaker CustomAttributes header (the only one a
 * caller can set through the real SDK), or `STUB_FAULT` for every request.
 */
export const FAULTS = [
  'ModelNotReadyException',
  'ModelError',
  'ModelErrorTimeout',
  'ValidationError',
  'InternalFailure',
  'ServiceUnavailable',
  'InternalDependencyException',
  'ThrottlingException',
  'garbage',
  'short',
  'drop',
] as const;
export type Fault = (typeof FAULTS)[number];

export const isFault = (value: unknown): value is Fault =>
  typeof value === 'string' && (FAULTS as readonly string[]).includes(value);

/** One planned request: a fault, extra latency, or both. `none` answers normally. */
export interface FaultPlan {
  fault?: Fault;
  latencyMs?: number;
}

export class FaultSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultSpecError';
  }
}

export function parseFault(value: string, source: string): Fault | undefined {
  const name = value.trim();
  if (name === '' || name === 'none') return undefined;
  if (!isFault(name))
    throw new FaultSpecError(`${source}: unknown fault "${name}"; use one of ${FAULTS.join(', ')} or none`);
  return name;
}

export function parseLatency(value: string, source: string): number | undefined {
  if (value.trim() === '') return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0 || ms > 600_000) {
    throw new FaultSpecError(
      `${source}: "${value}" is not a whole number of milliseconds between 0 and 600000`,
    );
  }
  return ms;
}

/** `fault=ModelError; latency_ms=200` (SageMaker passes the header through to the container verbatim). */
export function parseCustomAttributes(header: string): FaultPlan {
  const plan: FaultPlan = {};
  for (const pair of header.split(/[;,]/)) {
    const [key, ...rest] = pair.split('=');
    const value = rest.join('=');
    if (key.trim() === 'fault') plan.fault = parseFault(value, 'CustomAttributes fault');
    if (key.trim() === 'latency_ms') plan.latencyMs = parseLatency(value, 'CustomAttributes latency_ms');
  }
  return plan;
}

/** Body of `POST /_stub/faults`: `{"faults": ["ModelError", {"fault": "drop"}, {"latencyMs": 300}]}` or `{"fault": "ModelError", "count": 2}`. */
export function parseFaultQueue(body: unknown): FaultPlan[] {
  const spec = (body ?? {}) as { faults?: unknown; fault?: unknown; latencyMs?: unknown; count?: unknown };
  const count = spec.count === undefined ? 1 : Number(spec.count);
  if (!Number.isInteger(count) || count < 1 || count > 1000)
    throw new FaultSpecError('count must be a whole number from 1 to 1000');
  const items: unknown[] = Array.isArray(spec.faults)
    ? spec.faults
    : Array.from({ length: count }, () => ({ fault: spec.fault, latencyMs: spec.latencyMs }));
  if (items.length === 0) throw new FaultSpecError('give "faults" (a list) or "fault" (a name)');
  return items.map((item, index) => {
    const entry =
      typeof item === 'string' ? { fault: item } : ((item ?? {}) as { fault?: unknown; latencyMs?: unknown });
    const where = `faults[${index}]`;
    if (entry.fault !== undefined && typeof entry.fault !== 'string')
      throw new FaultSpecError(`${where}.fault must be a string`);
    const fault = entry.fault === undefined ? undefined : parseFault(entry.fault, `${where}.fault`);
    const latencyMs =
      entry.latencyMs === undefined ? undefined : parseLatency(String(entry.latencyMs), `${where}.latencyMs`);
    if (fault === undefined && latencyMs === undefined && entry.fault !== 'none') {
      throw new FaultSpecError(`${where} names neither a fault nor latencyMs`);
    }
    return { fault, latencyMs };
  });
}
