import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { handshakeRequest, NEPTUNE_SERVICE, type AwsCredentials } from './neptune-iam-signer.js';

/** Known test credentials (not real ones): the stand-in recomputes signatures with them. */
export const TEST_CREDENTIALS: AwsCredentials = { accessKeyId: 'AKIDTESTNEPTUNE', secretAccessKey: 'test/secret/key/for/the/stand-in/0123456789' };
export const TEST_REGION = 'eu-west-1';

/**
 * Checks a handshake's SigV4 signature the way Neptune does: rebuild the signed request from the headers
 * it names, sign it again with the same credentials, region and date, and compare.
 */
export async function verifyNeptuneSignature(req: IncomingMessage, credentials: AwsCredentials, region: string): Promise<{ ok: boolean; reason?: string }> {
  const authorization = header(req, 'authorization');
  const date = header(req, 'x-amz-date');
  if (authorization === undefined || date === undefined) return { ok: false, reason: 'no SigV4 headers' };
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(authorization);
  if (match === null) return { ok: false, reason: 'malformed Authorization' };
  const [, keyId, , scopeRegion, service, signedHeaders] = match;
  if (keyId !== credentials.accessKeyId) return { ok: false, reason: 'unknown access key' };
  if (scopeRegion !== region || service !== NEPTUNE_SERVICE) return { ok: false, reason: `wrong scope ${scopeRegion}/${service}` };
  const headers: Record<string, string> = {};
  for (const name of signedHeaders!.split(';')) headers[name] = header(req, name) ?? '';
  const host = headers.host ?? '';
  const request = handshakeRequest(`wss://${host}${req.url ?? '/'}`, headers);
  const signingDate = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
  const signer = new SignatureV4({ credentials, region, service: NEPTUNE_SERVICE, sha256: Sha256 });
  const expected = await signer.sign(request, { signingDate, signableHeaders: new Set(signedHeaders!.split(';')) });
  return expected.headers.authorization === authorization ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

export interface NeptuneStandIn {
  port: number;
  /** Every handshake seen, with the verdict. */
  handshakes: Array<{ ok: boolean; reason?: string; securityToken?: string }>;
  /** Drops every open connection (the server keeps listening). */
  cut(): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for a Neptune endpoint with IAM authentication (real Neptune is not reachable here):
 * a WebSocket upgrade with a valid signature is passed through to the real Gremlin Server at `upstreamPort`,
 * anything else is answered 403 as Neptune does.
 */
export function startNeptuneStandIn(upstreamPort: number): Promise<NeptuneStandIn> {
  const handshakes: NeptuneStandIn['handshakes'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    void verifyNeptuneSignature(req, TEST_CREDENTIALS, TEST_REGION).then((verdict) => {
      const token = header(req, 'x-amz-security-token');
      handshakes.push({ ...verdict, ...(token === undefined ? {} : { securityToken: token }) });
      if (!verdict.ok) {
        socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"code":"AccessDeniedException","detailedMessage":"${verdict.reason}"}`);
        return;
      }
      const upstream = connect(upstreamPort, '127.0.0.1', () => {
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (head.length > 0) upstream.write(head);
        socket.pipe(upstream).pipe(socket);
      });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => socket.destroy());
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : 0,
        handshakes,
        cut: () => sockets.forEach((s) => s.destroy()),
        close: () => {
          sockets.forEach((s) => s.destroy());
          return new Promise<void>((done) => server.close(() => done()));
        },
      });
    });
  });
}
