import { component, pipeline, type ComponentOptions, type ComponentResult, type PipelineOptions } from 'twingraph';
import { randomSource } from './seeded-random.js';

/**
 * The graph-tracing scenario of ACCEPTANCE.md demo 1, parameterised so demos 2, 3 and 4 reuse it
 * with other platforms, attributes or git provenance per component.
 */
export interface GraphTracingOptions {
  pipelineName: string;
  /** Extra options per component name (platform, git, additionalAttributes, …). */
  componentOptions?: (name: 'add' | 'multiply' | 'subtract' | 'divide' | 'average') => Partial<ComponentOptions>;
  /** Extra pipeline options (demo 4: the queue its workers consume). */
  pipelineOptions?: Partial<PipelineOptions>;
}

type Pair = { input_1: number; input_2: number };

export interface GraphTracingResult {
  sum: number;
  multiplication: number;
  subtractions: number[];
  divisions: number[];
  averages: number[];
  executions: { A: string; B: string; C: string[]; D: string[]; E: string[] };
  /** The last component execution started: E when there is one, else the last D or C. */
  lastExecutionId: string;
}

export function graphTracingPipeline(options: GraphTracingOptions) {
  const opts = (name: Parameters<NonNullable<GraphTracingOptions['componentOptions']>>[0]): ComponentOptions => ({ name, ...options.componentOptions?.(name) });
  const add = component(opts('add'), ({ input_1, input_2 }: Pair) => ({ sum: input_1 + input_2 }));
  const multiply = component(opts('multiply'), ({ input_1, input_2 }: Pair) => ({ multiplication: input_1 * input_2 }));
  const subtract = component(opts('subtract'), ({ input_1, input_2 }: Pair) => ({ subtraction: input_1 - input_2 }));
  const divide = component(opts('divide'), ({ input_1, input_2 }: Pair) => ({ division: (input_1 / input_2) * (Math.random() - 0.5) }));
  const average = component(
    opts('average'),
    ({ input_1, input_2, input_3, input_4 }: { input_1: number; input_2: number; input_3: number; input_4: number }) => ({
      average: (input_1 + input_2 + input_3 + input_4) / 4,
    }),
  );

  return pipeline({ maxParallel: 32, ...options.pipelineOptions, name: options.pipelineName }, async (args?: { seed?: number }): Promise<GraphTracingResult> => {
    const random = randomSource(args?.seed);
    const A = await add({ input_1: 3.14159, input_2: 1 });
    const B = await multiply({ input_1: 3.14159, input_2: A.outputs.sum }, { parents: [A] });
    const C = await Promise.all(
      Array.from({ length: 20 }, () => subtract({ input_1: A.outputs.sum, input_2: B.outputs.multiplication }, { parents: [A, B] })),
    );
    const dCount = Math.floor(random() * 10);
    const D = await Promise.all(
      Array.from({ length: dCount }, (_, j) => divide({ input_1: C[2 * j]!.outputs.subtraction, input_2: A.outputs.sum }, { parents: [A, C[2 * j]!] })),
    );
    const pending: Array<Promise<ComponentResult<{ average: number }>>> = [];
    D.forEach((d, j) => {
      const c = C[2 * j]!;
      if (random() < 0.2 && d.outputs.division >= 0) {
        pending.push(average(
          { input_1: A.outputs.sum, input_2: B.outputs.multiplication, input_3: c.outputs.subtraction, input_4: d.outputs.division },
          { parents: [A, B, c, d] },
        ));
      }
    });
    const E = await Promise.all(pending);
    const last = E.at(-1) ?? D.at(-1) ?? C.at(-1)!;
    return {
      sum: A.outputs.sum,
      multiplication: B.outputs.multiplication,
      subtractions: C.map((c) => c.outputs.subtraction),
      divisions: D.map((d) => d.outputs.division),
      averages: E.map((e) => e.outputs.average),
      executions: { A: A.executionId, B: B.executionId, C: C.map((c) => c.executionId), D: D.map((d) => d.executionId), E: E.map((e) => e.executionId) },
      lastExecutionId: last.executionId,
    };
  });
}
