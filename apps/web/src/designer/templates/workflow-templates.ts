import type { WorkflowDocument } from '@twingraph/model';
import demo11 from '../../../../../examples/demo-11-designer-workflow/workflow.json';

export interface WorkflowTemplate {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly document: WorkflowDocument;
}

const doc = (name: string, nodes: WorkflowDocument['nodes'], edges: WorkflowDocument['edges']): WorkflowDocument => ({
  apiVersion: 'twingraph/v1',
  kind: 'Workflow',
  metadata: { name },
  spec: { maxParallel: 8, errorHandler: 'fail' },
  nodes,
  edges,
});

/** Templates in the palette: drop one on the canvas (adds its nodes) or open it as a new workflow. */
export const WORKFLOW_TEMPLATES: readonly WorkflowTemplate[] = [
  {
    id: 'demo-11',
    label: 'RAG pipeline (demo 11)',
    description: 'Seven Python nodes: load, split, embed (docker), store; query, retrieve, answer.',
    document: demo11 as WorkflowDocument,
  },
  {
    id: 'hello-chain',
    label: 'Python → JavaScript chain',
    description: 'Two code nodes passing a number along.',
    document: doc(
      'hello-chain',
      [
        { id: 'generate', type: 'component', name: 'Generate', language: 'python', platform: 'local', code: 'def process(inputs):\n    n = int(inputs["n"])\n    print(f"generating {n} numbers")\n    return {"numbers": list(range(1, n + 1))}\n', inputs: [{ name: 'n', type: 'number', default: 10 }], outputs: [{ name: 'numbers', type: 'array' }], position: { x: 0, y: 0 } },
        { id: 'total', type: 'component', name: 'Total', language: 'javascript', platform: 'local', code: 'export function process(inputs) {\n  const sum = inputs.numbers.reduce((a, b) => a + b, 0);\n  console.log(`sum of ${inputs.numbers.length} numbers`);\n  return { sum };\n}\n', inputs: [{ name: 'numbers', type: 'array', default: [] }], outputs: [{ name: 'sum', type: 'number' }], position: { x: 300, y: 0 } },
      ],
      [{ id: 'generate.numbers->total.numbers', source: 'generate', sourceHandle: 'numbers', target: 'total', targetHandle: 'numbers' }],
    ),
  },
  {
    id: 'branch',
    label: 'Condition branch',
    description: 'Doubles big values, adds ten to small ones.',
    document: doc(
      'branch',
      [
        { id: 'check', type: 'condition', expression: 'value > 10', inputs: [{ name: 'value', type: 'number', default: 20 }], outputs: [], position: { x: 0, y: 40 } },
        { id: 'double', type: 'component', language: 'python', platform: 'local', code: 'def process(inputs):\n    return {"result": inputs["value"] * 2}\n', inputs: [{ name: 'value', type: 'number' }], outputs: [{ name: 'result', type: 'number' }], position: { x: 300, y: 0 } },
        { id: 'add_ten', type: 'component', language: 'python', platform: 'local', code: 'def process(inputs):\n    return {"result": inputs["value"] + 10}\n', inputs: [{ name: 'value', type: 'number' }], outputs: [{ name: 'result', type: 'number' }], position: { x: 300, y: 140 } },
      ],
      [
        { id: 'check.true->double', source: 'check', sourceHandle: 'true', target: 'double' },
        { id: 'check.false->add_ten', source: 'check', sourceHandle: 'false', target: 'add_ten' },
      ],
    ),
  },
  {
    id: 'map',
    label: 'Map over a list',
    description: 'Squares every item in parallel.',
    document: doc(
      'map-squares',
      [
        { id: 'each', type: 'map', over: 'items', body: 'square', maxParallel: 4, inputs: [{ name: 'items', type: 'array', default: [1, 2, 3, 4, 5] }], outputs: [], position: { x: 0, y: 0 } },
        { id: 'square', type: 'component', language: 'python', platform: 'local', code: 'def process(inputs):\n    return {"square": inputs["item"] ** 2}\n', inputs: [{ name: 'item', type: 'number' }], outputs: [{ name: 'square', type: 'number' }], position: { x: 0, y: 160 } },
      ],
      [],
    ),
  },
];

export function findTemplate(id: string): WorkflowTemplate | undefined {
  return WORKFLOW_TEMPLATES.find((t) => t.id === id);
}
