import type { ServerResponse } from 'node:http';

/** A field problem as the API server lists it in Status.details.causes. */
export interface StatusCause {
  reason: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueDuplicate' | 'FieldValueForbidden' | 'FieldValueTooLong';
  message: string;
  field: string;
}

/** A metav1.Status failure, shaped like the API server's. */
export interface K8sStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
  code: number;
}

export function status(code: number, reason: string, message: string, details?: K8sStatus['details']): K8sStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details === undefined ? {} : { details }), code };
}

export function notFound(resource: string, name: string, group?: string): K8sStatus {
  const kind = group === undefined ? resource : `${resource}.${group}`;
  return status(404, 'NotFound', `${kind} "${name}" not found`, { name, ...(group === undefined ? {} : { group }), kind: resource });
}

/** 422 with the API server's message layout: `Job.batch "x" is invalid: [field: problem, …]`. */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): K8sStatus {
  const parts = causes.map((c) => `${c.field}: ${c.message}`);
  const list = parts.length === 1 ? parts[0]! : `[${parts.join(', ')}]`;
  return status(422, 'Invalid', `${kind}.${group} "${name}" is invalid: ${list}`, { name, group, kind: kind.toLowerCase() + 's', causes });
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendStatus(res: ServerResponse, body: K8sStatus): void {
  sendJson(res, body.code, body);
}
