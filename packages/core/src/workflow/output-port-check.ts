import { ERROR_CODES, TwinGraphError, type WorkflowPort } from '@twingraph/model';

/**
 * Checks a node's outputs against its declared output ports: every declared port must be present
 * (unless it has a default or is marked `required: false`) with a value of the declared JSON type.
 * Throws ERR_INVALID_OUTPUTS (non-retryable: the same code would return the same shape again).
 */
export function checkOutputPorts(nodeId: string, outputs: Record<string, unknown>, ports: readonly WorkflowPort[]): void {
  const problems: string[] = [];
  for (const port of ports) {
    if (!Object.hasOwn(outputs, port.name)) {
      if (port.required !== false && port.default === undefined) problems.push(`missing output '${port.name}' (${port.type})`);
      continue;
    }
    const actual = jsonType(outputs[port.name]);
    if (port.type !== 'any' && actual !== port.type) problems.push(`output '${port.name}' should be ${port.type} but is ${actual}`);
  }
  if (problems.length === 0) return;
  throw new TwinGraphError(ERROR_CODES.INVALID_OUTPUTS, `Node '${nodeId}' returned outputs that do not match its declared ports: ${problems.join('; ')}`, {
    hint: `Return an object with ${ports.map((p) => `${p.name}: ${p.type}`).join(', ')}, or change the declared output ports.`,
    details: { node: nodeId, problems, returned: Object.keys(outputs) },
    nonRetryable: true,
  });
}

/** The JSON Schema type name of a value ('null' for null and undefined). */
export function jsonType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}
