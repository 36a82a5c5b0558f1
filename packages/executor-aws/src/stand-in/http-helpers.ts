import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** An AWS JSON-protocol error the SDK deserializes into the named exception. */
export function sendAwsError(res: ServerResponse, status: number, type: string, message: string, extra: Record<string, unknown> = {}): void {
  const body = JSON.stringify({ __type: type, Type: 'User', message, Message: message, ...extra });
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': crypto.randomUUID() });
  res.end(body);
}

/** Forwards a request unchanged (body already read) to `target` and streams the answer back. */
export function proxy(req: IncomingMessage, body: Buffer, res: ServerResponse, target: URL): void {
  const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
  delete headers['transfer-encoding'];
  const upstream = httpRequest({ hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', (error) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`stand-in: cannot reach ${target.origin}: ${error.message}`);
  });
  upstream.end(body);
}
