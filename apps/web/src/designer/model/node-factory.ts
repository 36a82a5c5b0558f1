import type { Language, WorkflowDocument, WorkflowNode } from '@twingraph/model';

export type PaletteKind =
  | { kind: 'component'; language: Language; platform: 'local' | 'docker' | 'kubernetes' | 'lambda' | 'batch' }
  | { kind: 'condition' }
  | { kind: 'map' }
  | { kind: 'loop' }
  | { kind: 'subworkflow' };

/** Starter code per language, following the component runtime protocol (packages/core/src/runtimes/README.md). */
export const STARTER_CODE: Record<Language, string> = {
  python: 'def process(inputs):\n    value = inputs.get("value", 0)\n    print(f"got {value}")\n    return {"result": value}\n',
  javascript: 'export function process(inputs) {\n  const value = inputs.value ?? 0;\n  console.log(`got ${value}`);\n  return { result: value };\n}\n',
  typescript: 'export function process(inputs: { value?: number }): { result: number } {\n  const value = inputs.value ?? 0;\n  console.log(`got ${value}`);\n  return { result: value };\n}\n',
  bash: '#!/usr/bin/env bash\nset -euo pipefail\necho "got ${INPUT_VALUE:-0}"\ntwingraph_output --json result "${INPUT_VALUE:-0}"\n',
  cpp: '#include <iostream>\n#include <string>\n\nint main() {\n  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());\n  std::cerr << "inputs: " << input << std::endl;\n  std::cout << "{\\"result\\": 0}" << std::endl;\n  return 0;\n}\n',
  rust: 'use std::io::Read;\n\nfn main() {\n    let mut input = String::new();\n    std::io::stdin().read_to_string(&mut input).unwrap();\n    eprintln!("inputs: {}", input);\n    println!("{{\\"result\\": 0}}");\n}\n',
};

/** Images the designer suggests for container platforms (the local test images of this repository). */
export const DEFAULT_IMAGES: Partial<Record<Language, string>> = {
  python: 'twingraph-test-python:latest',
  javascript: 'twingraph-test-node:latest',
  typescript: 'twingraph-test-node:latest',
};

/** A node id not used in the document yet: `base`, `base_2`, `base_3`, … */
export function freeId(doc: WorkflowDocument, base: string, taken: ReadonlySet<string> = new Set()): string {
  const used = new Set([...doc.nodes.map((n) => n.id), ...taken]);
  const clean = base.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'node';
  if (!used.has(clean)) return clean;
  for (let i = 2; ; i++) if (!used.has(`${clean}_${i}`)) return `${clean}_${i}`;
}

/** A new node for a palette item, at `position`. */
export function createNode(doc: WorkflowDocument, item: PaletteKind, position: { x: number; y: number }): WorkflowNode {
  const at = { x: Math.round(position.x), y: Math.round(position.y) };
  switch (item.kind) {
    case 'component': {
      const id = freeId(doc, item.platform === 'local' ? item.language : `${item.platform}_${item.language}`);
      const image = item.platform === 'local' ? undefined : DEFAULT_IMAGES[item.language];
      return {
        id, type: 'component', name: id, language: item.language, platform: item.platform, code: STARTER_CODE[item.language],
        ...(image === undefined ? {} : { image }),
        inputs: [{ name: 'value', type: 'number', default: 1 }],
        outputs: [{ name: 'result', type: 'any' }],
        position: at,
      };
    }
    case 'condition':
      return { id: freeId(doc, 'condition'), type: 'condition', expression: 'value > 10', inputs: [{ name: 'value', type: 'number' }], outputs: [], position: at };
    case 'map':
      return { id: freeId(doc, 'map'), type: 'map', over: 'items', body: '', inputs: [{ name: 'items', type: 'array' }], outputs: [], position: at };
    case 'loop':
      return { id: freeId(doc, 'loop'), type: 'loop', while: 'n < limit', body: '', maxIterations: 20, inputs: [{ name: 'n', type: 'number', default: 1 }, { name: 'limit', type: 'number', default: 100 }], outputs: [], position: at };
    case 'subworkflow':
      return {
        id: freeId(doc, 'subworkflow'), type: 'subworkflow', inputs: [], outputs: [], position: at,
        workflow: { apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'inner' }, nodes: [], edges: [] },
      };
  }
}

/** An empty document to start from. */
export function emptyDocument(name = 'untitled-workflow'): WorkflowDocument {
  return { apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name }, spec: { maxParallel: 8, errorHandler: 'fail' }, nodes: [], edges: [] };
}
