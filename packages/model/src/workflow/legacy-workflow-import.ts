import { PLATFORMS as PLATFORMS_FOR_IMPORT } from '../types/status.js';
import { LANGUAGES, WORKFLOW_API_VERSION, type WorkflowDocument } from './workflow-document.schema.js';

/** A document as the TwinGraph 2.0 designer saved it (React Flow nodes with the code in `data`). */
export interface LegacyWorkflow {
  name?: string;
  metadata?: { name?: string };
  nodes: Array<{ id: string; type?: unknown; data: Record<string, unknown>; position?: { x: number; y: number } }>;
  edges?: Array<{ id?: string; source: string; target: string; sourceHandle?: string | null; targetHandle?: string | null }>;
}

export interface LegacyImport {
  /** The twingraph/v1 equivalent (still to be validated by parseWorkflow). */
  document: WorkflowDocument;
  /** What was assumed or dropped, for the user to check. */
  warnings: string[];
}

/** True for a document with no apiVersion whose nodes carry their settings in `data` (the 2.0 designer's format). */
export function isLegacyWorkflow(value: unknown): value is LegacyWorkflow {
  if (typeof value !== 'object' || value === null || 'apiVersion' in value) return false;
  const nodes = (value as { nodes?: unknown }).nodes;
  return Array.isArray(nodes) && nodes.length > 0 && nodes.every((n) => typeof n === 'object' && n !== null && typeof (n as { data?: unknown }).data === 'object');
}

const KNOWN_DATA = new Set(['label', 'code', 'language', 'inputs', 'outputs', 'platform', 'image', 'retries', 'timeout', 'timeoutMs', 'description', 'env']);

/**
 * Converts a TwinGraph 2.0 designer document to twingraph/v1: every node becomes a component node
 * (id kept, `data.label` → name, code, language, ports from `data.inputs`/`data.outputs` as names or
 * `{name, type}`), edges keep their handles as port names (a handle naming an undeclared port
 * declares it as `any`). `data.retries` (extra attempts) → retry.maxAttempts, `data.timeout`
 * (seconds) → timeoutMs. Anything else is dropped with a warning.
 */
export function importLegacyWorkflow(legacy: LegacyWorkflow): LegacyImport {
  const warnings = ['This is a TwinGraph 2.0 designer document: it was converted to twingraph/v1 (save it again to keep the new format).'];
  const types = new Set<string>();
  const nodes = legacy.nodes.map((raw) => {
    const data = raw.data;
    if (typeof raw.type === 'string' && raw.type !== 'component') types.add(raw.type);
    const language = typeof data.language === 'string' ? data.language.toLowerCase() : undefined;
    const lang = language === 'js' ? 'javascript' : language === 'ts' ? 'typescript' : language === 'c++' ? 'cpp' : language === 'sh' ? 'bash' : language;
    if (lang === undefined) warnings.push(`Node '${raw.id}' names no language: assumed python.`);
    const node: Record<string, unknown> = {
      id: String(raw.id),
      type: 'component',
      ...(typeof data.label === 'string' ? { name: data.label } : {}),
      ...(typeof data.description === 'string' ? { description: data.description } : {}),
      language: lang ?? 'python',
      ...(typeof data.code === 'string' ? { code: data.code } : {}),
      inputs: ports(data.inputs, raw.id, 'input', warnings),
      outputs: ports(data.outputs, raw.id, 'output', warnings),
      ...(raw.position === undefined ? {} : { position: { x: raw.position.x, y: raw.position.y } }),
    };
    if (lang !== undefined && !(LANGUAGES as readonly string[]).includes(lang)) warnings.push(`Node '${raw.id}' has language '${String(data.language)}', which TwinGraph does not run.`);
    if (typeof data.platform === 'string') {
      if ((PLATFORMS_FOR_IMPORT as readonly string[]).includes(data.platform)) node.platform = data.platform;
      else warnings.push(`Node '${raw.id}': unknown platform '${data.platform}' dropped (runs locally).`);
    }
    if (typeof data.image === 'string') node.image = data.image;
    if (typeof data.env === 'object' && data.env !== null) node.env = data.env;
    if (typeof data.retries === 'number' && data.retries > 0) {
      node.retry = { maxAttempts: Math.floor(data.retries) + 1 };
      warnings.push(`Node '${raw.id}': retries ${data.retries} imported as retry.maxAttempts ${Math.floor(data.retries) + 1}.`);
    }
    if (typeof data.timeoutMs === 'number') node.timeoutMs = data.timeoutMs;
    else if (typeof data.timeout === 'number') {
      node.timeoutMs = Math.round(data.timeout * 1000);
      warnings.push(`Node '${raw.id}': timeout ${data.timeout} read as seconds (timeoutMs ${Math.round(data.timeout * 1000)}).`);
    }
    const dropped = Object.keys(data).filter((k) => !KNOWN_DATA.has(k));
    if (dropped.length > 0) warnings.push(`Node '${raw.id}': ignored data field(s) ${dropped.join(', ')}.`);
    return node;
  });
  if (types.size > 0) warnings.push(`Node type(s) ${[...types].map((t) => `'${t}'`).join(', ')} imported as component nodes.`);
  const byId = new Map(nodes.map((n) => [n.id as string, n]));
  const edges = (legacy.edges ?? []).map((raw) => {
    const edge: Record<string, unknown> = { ...(raw.id === undefined ? {} : { id: raw.id }), source: raw.source, target: raw.target };
    for (const [field, nodeId, side] of [['sourceHandle', raw.source, 'outputs'], ['targetHandle', raw.target, 'inputs']] as const) {
      const handle = raw[field];
      if (typeof handle !== 'string' || handle === '') continue;
      const node = byId.get(nodeId);
      const list = node?.[side] as Array<{ name: string }> | undefined;
      if (list !== undefined && !list.some((p) => p.name === handle)) {
        if (!/^[A-Za-z_]\w*$/.test(handle)) {
          warnings.push(`Edge ${raw.source} → ${raw.target}: handle '${handle}' is not a port name and was dropped.`);
          continue;
        }
        list.push({ name: handle, type: 'any' } as { name: string });
        warnings.push(`Node '${nodeId}': port '${handle}' used by an edge was declared (type any).`);
      }
      edge[field] = handle;
    }
    return edge;
  });
  const name = legacy.metadata?.name ?? legacy.name ?? 'imported-workflow';
  const document = { apiVersion: WORKFLOW_API_VERSION, kind: 'Workflow', metadata: { name }, nodes, edges } as unknown as WorkflowDocument;
  return { document, warnings };
}

function ports(value: unknown, nodeId: string, side: string, warnings: string[]): Array<Record<string, unknown>> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    if (typeof value === 'object' && value !== null) return Object.entries(value).map(([name, def]) => ({ name, ...portType(def) }));
    warnings.push(`Node '${nodeId}': ${side}s were not a list and were dropped.`);
    return [];
  }
  return value.flatMap((entry: unknown) => {
    if (typeof entry === 'string') return [{ name: entry, type: 'any' }];
    if (typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string') {
      const { name, type, default: dflt } = entry as { name: string; type?: unknown; default?: unknown };
      return [{ name, ...portType(type), ...(dflt === undefined ? {} : { default: dflt }) }];
    }
    warnings.push(`Node '${nodeId}': an ${side} entry was not understood and was dropped.`);
    return [];
  });
}

function portType(type: unknown): { type: string } {
  const t = typeof type === 'string' ? type.toLowerCase() : 'any';
  const mapped = t === 'str' ? 'string' : t === 'int' || t === 'float' || t === 'integer' ? 'number' : t === 'bool' ? 'boolean' : t === 'list' ? 'array' : t === 'dict' ? 'object' : t;
  return { type: ['string', 'number', 'boolean', 'object', 'array', 'any'].includes(mapped) ? mapped : 'any' };
}
