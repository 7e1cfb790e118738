import { show } from '../input-issues.js';

/**
 * The task CPU/memory combinations that Fargate offers (Linux), from the ECS developer guide's
 * "Task CPU and memory" table: CPU units → the memory values in MiB allowed with it.
 */
const FARGATE_TABLE: ReadonlyArray<{ cpu: number; memory: readonly number[]; note?: string }> = [
  { cpu: 256, memory: [512, 1024, 2048] },
  { cpu: 512, memory: range(1024, 4096, 1024) },
  { cpu: 1024, memory: range(2048, 8192, 1024) },
  { cpu: 2048, memory: range(4096, 16384, 1024) },
  { cpu: 4096, memory: range(8192, 30720, 1024) },
  { cpu: 8192, memory: range(16384, 61440, 4096), note: 'requires Linux platform version 1.4.0 or later' },
  { cpu: 16384, memory: range(32768, 122880, 8192), note: 'requires Linux platform version 1.4.0 or later' },
];

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

/**
 * The CPU values (in CPU units) that Fargate accepts for a task.
 *
 * @example
 * ```ts
 * import { FARGATE_CPU_VALUES } from '@meshplane/ecs';
 * console.log(FARGATE_CPU_VALUES); // [256, 512, 1024, 2048, 4096, 8192, 16384]
 * ```
 */
export const FARGATE_CPU_VALUES: readonly number[] = FARGATE_TABLE.map((row) => row.cpu);

/**
 * The memory values (MiB) that Fargate accepts with a task CPU value, or `undefined` when the CPU
 * value itself is not offered.
 *
 * @example
 * ```ts
 * import { fargateMemoryFor } from '@meshplane/ecs';
 * console.log(fargateMemoryFor(256)); // [512, 1024, 2048]
 * ```
 */
export function fargateMemoryFor(cpu: number): readonly number[] | undefined {
  return FARGATE_TABLE.find((row) => row.cpu === cpu)?.memory;
}

/**
 * Explains why a task CPU/memory pair is not offered by Fargate, or returns `undefined` when it is.
 *
 * @example
 * ```ts
 * import { fargateSizeProblem } from '@meshplane/ecs';
 * console.log(fargateSizeProblem(256, 512)); // undefined
 * console.log(fargateSizeProblem(256, 4096)); // 'Fargate does not offer 4096 MiB with 256 CPU units …'
 * ```
 */
export function fargateSizeProblem(cpu: number, memory: number): string | undefined {
  const memoryValues = fargateMemoryFor(cpu);
  if (!memoryValues) {
    return `Fargate does not offer ${show(cpu)} CPU units; the task CPU must be one of ${FARGATE_CPU_VALUES.join(', ')}`;
  }
  if (memoryValues.includes(memory)) return undefined;
  return `Fargate does not offer ${show(memory)} MiB with ${show(cpu)} CPU units; allowed: ${describe(memoryValues)} MiB`;
}

function describe(values: readonly number[]): string {
  if (values.length <= 4) return values.join(', ');
  const step = (values[1] ?? 0) - (values[0] ?? 0);
  return `${values[0]}-${values[values.length - 1]} in steps of ${step}`;
}
