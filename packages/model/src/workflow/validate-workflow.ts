import { findCycle } from '../dag/dag.js';
import { ERROR_CODES } from '../errors/error-codes.js';
import { TwinGraphError } from '../errors/twingraph-error.js';
import { expressionNames, parseExpression } from './expression-parser.js';
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
  const problems = [...graphProblems(document, '$')];
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

/** Outputs a node has without declaring them: a condition's branches, a map's results, a loop's body outputs. */
export function implicitOutputs(node: WorkflowNode, byId: ReadonlyMap<string, WorkflowNode>): WorkflowPort[] {
  const any = (name: string): WorkflowPort => ({ name, type: 'any' });
  switch (node.type) {
    case 'condition':
      return [any('true'), any('false'), { name: 'result', type: 'boolean' }];
    case 'map':
      return [{ name: 'results', type: 'array' }];
    case 'loop':
      return [...(byId.get(node.body)?.outputs ?? []), ...node.inputs, { name: 'iterations', type: 'number' }];
    default:
      return [];
  }
}

function* graphProblems(document: WorkflowDocument, root: string): Generator<WorkflowProblem> {
  const nodes = new Map<string, { node: WorkflowNode; index: number }>();
  for (const [index, node] of document.nodes.entries()) {
    if (nodes.has(node.id)) {
      yield { path: `${root}.nodes[${index}].id`, code: 'duplicate_id', message: `Node id '${node.id}' is used more than once`, hint: 'Give every node a unique id.' };
    } else {
      nodes.set(node.id, { node, index });
    }
  }
  const byId = new Map([...nodes].map(([id, entry]) => [id, entry.node]));
  const bodies = new Set<string>();
  for (const { node, index } of nodes.values()) yield* nodeProblems(node, `${root}.nodes[${index}]`, byId, bodies);
  const fed = new Set<string>();
  for (const [index, edge] of document.edges.entries()) {
    const path = `${root}.edges[${index}]`;
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (source === undefined) yield dangling(`${path}.source`, edge.source);
    if (target === undefined) yield dangling(`${path}.target`, edge.target);
    if (source === undefined || target === undefined) continue;
    if (bodies.has(edge.source) || bodies.has(edge.target)) {
      const body = bodies.has(edge.source) ? edge.source : edge.target;
      yield { path, code: 'body_has_edges', message: `Node '${body}' is the body of a map or loop node, so it cannot have edges`, hint: 'Connect the map/loop node instead: its inputs reach the body on every iteration.' };
      continue;
    }
    const out = findPort([...source.node.outputs, ...implicitOutputs(source.node, byId)], edge.sourceHandle);
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
    if (bodies.has(node.id)) continue;
    for (const [portIndex, port] of node.inputs.entries()) {
      const isFed = fed.has(`${node.id}\u0000${port.name}`) || fed.has(`${node.id}\u0000*`);
      if (port.required === true && port.default === undefined && !isFed) {
        yield { path: `${root}.nodes[${index}].inputs[${portIndex}]`, code: 'missing_input', message: `Required input '${node.id}.${port.name}' has no edge and no default`, hint: 'Connect an edge to it, give it a default, or mark it not required.' };
      }
    }
  }
  const cycle = findCycle([...nodes.keys()], document.edges.filter((e) => nodes.has(e.source) && nodes.has(e.target)).map((e) => ({ from: e.source, to: e.target })));
  if (cycle !== undefined) {
    yield { path: `${root}.edges`, code: 'cycle', message: `The workflow has a cycle: ${[...cycle, cycle[0]].join(' → ')}`, hint: 'Remove one edge of the cycle; use a loop node to repeat work.' };
  }
}

/** Problems of one node on its own: expressions that do not parse, bodies, code, inline sub-workflows. */
function* nodeProblems(node: WorkflowNode, path: string, byId: ReadonlyMap<string, WorkflowNode>, bodies: Set<string>): Generator<WorkflowProblem> {
  switch (node.type) {
    case 'component':
      if (node.code === undefined && node.image === undefined) {
        yield { path, code: 'missing_code', message: `Component node '${node.id}' has neither code nor image`, hint: 'Give it `language` + `code`, or an `image` (and `command`).' };
      } else if (node.code !== undefined && node.language === undefined) {
        yield { path: `${path}.language`, code: 'missing_language', message: `Component node '${node.id}' has code but no language`, hint: 'Set language: python, javascript, typescript, bash, cpp or rust.' };
      }
      return;
    case 'condition':
      yield* expressionProblems(node.expression, `${path}.expression`, node, node.inputs.map((p) => p.name));
      return;
    case 'loop':
      yield* expressionProblems(node.while, `${path}.while`, node, [...node.inputs, ...(byId.get(node.body)?.outputs ?? [])].map((p) => p.name).concat('iteration'));
      yield* bodyProblem(node, path, byId, bodies);
      return;
    case 'map':
      yield* bodyProblem(node, path, byId, bodies);
      if (!node.inputs.some((p) => p.name === node.over)) {
        yield { path: `${path}.over`, code: 'unknown_port', message: `Map node '${node.id}' iterates over '${node.over}', which is not one of its inputs`, hint: `Declare an input named '${node.over}' (type array) and connect the list to it.` };
      }
      return;
    case 'subworkflow':
      if (node.workflow === undefined && node.ref === undefined) {
        yield { path, code: 'missing_workflow', message: `Sub-workflow node '${node.id}' has neither workflow nor ref`, hint: 'Inline the workflow document under `workflow`, or give a file path in `ref`.' };
      } else if (node.workflow !== undefined) {
        yield* graphProblems(node.workflow as WorkflowDocument, `${path}.workflow`);
      }
      return;
  }
}

function* expressionProblems(expression: string, path: string, node: WorkflowNode, names: readonly string[]): Generator<WorkflowProblem> {
  try {
    const tree = parseExpression(expression);
    // Undeclared inputs: any name may arrive through an edge without handles.
    if (node.inputs.length === 0) return;
    for (const { name, position } of expressionNames(tree)) {
      if (!names.includes(name)) {
        yield { path, code: 'unknown_name', message: `The expression reads '${name}' (position ${position}), which is not an input of '${node.id}'`, hint: `Names available: ${names.join(', ')}.` };
      }
    }
  } catch (error) {
    yield { path, code: 'invalid_expression', message: error instanceof Error ? error.message : String(error), hint: 'See the expression grammar in docs/workflow-format.md.' };
  }
}

function* bodyProblem(node: WorkflowNode & { body: string }, path: string, byId: ReadonlyMap<string, WorkflowNode>, bodies: Set<string>): Generator<WorkflowProblem> {
  const body = byId.get(node.body);
  if (body === undefined || body.type !== 'component' || body.id === node.id) {
    yield { path: `${path}.body`, code: 'unknown_body', message: `The body '${node.body}' of '${node.id}' is not a component node of this workflow`, hint: 'Point body at the id of a component node (it runs once per item/iteration and has no edges of its own).' };
    return;
  }
  bodies.add(body.id);
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
