import { findCycle } from '../dag/dag.js';
import { ERROR_CODES } from '../errors/error-codes.js';
import { TwinGraphError } from '../errors/twingraph-error.js';
import { workflowDocumentSchema, type WorkflowDocument, type WorkflowNode, type WorkflowPort } from './workflow-document.schema.js';

/** One problem in a workflow document: where (JSON path), what (stable code), and what to do. */
export interface WorkflowProblem {
  path: string;
  code: string;
  message: string;
  hint?: string;
}

export type WorkflowValidation = { ok: true; document: WorkflowDocument; problems: [] } | { ok: false; problems: WorkflowProblem[] };

/**
 * Checks a workflow document and reports every problem at once: schema (unknown fields, wrong
 * types, unsupported language or platform), duplicate node ids, edges to unknown nodes or ports,
 * port types that do not match across an edge, required inputs with no edge and no default, and
 * cycles (named).
 */
export function validateWorkflow(input: unknown): WorkflowValidation {
  const parsed = workflowDocumentSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        path: jsonPath(issue.path),
        code: issue.code === 'unrecognized_keys' ? 'unknown_field' : issue.code === 'invalid_value' ? 'unsupported_value' : 'invalid_type',
        message: issue.message,
        hint: issue.code === 'unrecognized_keys' ? 'Remove the field or check its spelling; `twingraph schema` prints every allowed field.' : 'See docs/workflow-format.md and `twingraph schema`.',
      })),
    };
  }
  const document = parsed.data;
  const problems = [...graphProblems(document)];
  return problems.length === 0 ? { ok: true, document, problems: [] } : { ok: false, problems };
}

/** Like validateWorkflow, but throws ERR_VALIDATION (details.problems) or ERR_DAG_CYCLE when the document is invalid. */
export function parseWorkflow(input: unknown): WorkflowDocument {
  const result = validateWorkflow(input);
  if (result.ok) return result.document;
  const cycle = result.problems.length === 1 && result.problems[0]!.code === 'cycle';
  throw new TwinGraphError(cycle ? ERROR_CODES.DAG_CYCLE : ERROR_CODES.VALIDATION, `The workflow document is invalid: ${result.problems.length} problem(s): ${result.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, {
    hint: 'Fix each listed problem; `twingraph validate <file>` shows them with hints.',
    details: { problems: result.problems },
    nonRetryable: true,
  });
}

function* graphProblems(document: WorkflowDocument): Generator<WorkflowProblem> {
  const nodes = new Map<string, { node: WorkflowNode; index: number }>();
  for (const [index, node] of document.nodes.entries()) {
    if (nodes.has(node.id)) {
      yield { path: `$.nodes[${index}].id`, code: 'duplicate_id', message: `Node id '${node.id}' is used more than once`, hint: 'Give every node a unique id.' };
    } else {
      nodes.set(node.id, { node, index });
    }
  }
  const fed = new Set<string>();
  for (const [index, edge] of document.edges.entries()) {
    const path = `$.edges[${index}]`;
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (source === undefined) yield dangling(`${path}.source`, edge.source);
    if (target === undefined) yield dangling(`${path}.target`, edge.target);
    if (source === undefined || target === undefined) continue;
    const out = findPort(source.node.outputs, edge.sourceHandle);
    const inp = findPort(target.node.inputs, edge.targetHandle);
    if (edge.sourceHandle !== undefined && out === undefined) {
      yield { path: `${path}.sourceHandle`, code: 'unknown_port', message: `Node '${edge.source}' has no output '${edge.sourceHandle}'`, hint: `Outputs of '${edge.source}': ${portNames(source.node.outputs)}.` };
    }
    if (edge.targetHandle !== undefined && inp === undefined) {
      yield { path: `${path}.targetHandle`, code: 'unknown_port', message: `Node '${edge.target}' has no input '${edge.targetHandle}'`, hint: `Inputs of '${edge.target}': ${portNames(target.node.inputs)}.` };
    }
    if (out !== undefined && inp !== undefined && !typesConnect(out.type, inp.type)) {
      yield {
        path, code: 'type_mismatch',
        message: `Output '${edge.source}.${out.name}' (${out.type}) cannot feed input '${edge.target}.${inp.name}' (${inp.type})`,
        hint: 'Connect ports of the same type, or declare one of them as "any".',
      };
    }
    if (edge.targetHandle !== undefined) fed.add(`${edge.target}\u0000${edge.targetHandle}`);
    else fed.add(`${edge.target}\u0000*`);
  }
  for (const { node, index } of nodes.values()) {
    for (const [portIndex, port] of node.inputs.entries()) {
      const isFed = fed.has(`${node.id}\u0000${port.name}`) || fed.has(`${node.id}\u0000*`);
      if (port.required === true && port.default === undefined && !isFed) {
        yield { path: `$.nodes[${index}].inputs[${portIndex}]`, code: 'missing_input', message: `Required input '${node.id}.${port.name}' has no edge and no default`, hint: 'Connect an edge to it, give it a default, or mark it not required.' };
      }
    }
  }
  const cycle = findCycle([...nodes.keys()], document.edges.filter((e) => nodes.has(e.source) && nodes.has(e.target)).map((e) => ({ from: e.source, to: e.target })));
  if (cycle !== undefined) {
    yield { path: '$.edges', code: 'cycle', message: `The workflow has a cycle: ${[...cycle, cycle[0]].join(' → ')}`, hint: 'Remove one edge of the cycle; use a loop node to repeat work.' };
  }
}

function dangling(path: string, id: string): WorkflowProblem {
  return { path, code: 'dangling_edge', message: `Edge refers to node '${id}', which does not exist`, hint: 'Point the edge at an existing node id, or remove it.' };
}

function findPort(ports: readonly WorkflowPort[], handle: string | undefined): WorkflowPort | undefined {
  return handle === undefined ? undefined : ports.find((p) => p.name === handle);
}

function portNames(ports: readonly WorkflowPort[]): string {
  return ports.length === 0 ? 'none' : ports.map((p) => p.name).join(', ');
}

function typesConnect(from: string, to: string): boolean {
  return from === to || from === 'any' || to === 'any';
}

function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`), '$');
}
