/** Memory (MB) from min to max inclusive in steps. */
const range = (min: number, max: number, step: number): number[] =>
  Array.from({ length: (max - min) / step + 1 }, (_, i) => min + i * step);

/** Fargate's valid task sizes (ECS developer guide, "Task CPU and memory"): memory per CPU. */
const FARGATE_MEMORY: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** Why Fargate refuses this size, or undefined when it accepts it. */
export function fargateSizeProblem(cpu: number, memory: number): string | undefined {
  const allowed = FARGATE_MEMORY[cpu];
  if (!allowed)
    return `cpu ${cpu} is not a Fargate size; use one of ${Object.keys(FARGATE_MEMORY).join(', ')}`;
  if (allowed.includes(memory)) return undefined;
  const shown =
    allowed.length > 6
      ? `${allowed[0]}..${allowed[allowed.length - 1]} in steps of ${allowed[1] - allowed[0]}`
      : allowed.join(', ');
  return `memory ${memory} MB does not fit cpu ${cpu}: use ${shown}`;
}
