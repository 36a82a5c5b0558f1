import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';

/** How to reach a Docker Engine. */
export interface DockerConnection {
  /** Unix socket path. @defaultValue `'/var/run/docker.sock'` when no host is given */
  socketPath?: string;
  /** TCP host (with `port`). */
  host?: string;
  port?: number;
  /** `'https'` for TLS (`ca`/`cert`/`key` for mutual TLS, as `docker --tlsverify` uses). @defaultValue `'http'` */
  protocol?: 'http' | 'https';
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Docker API version, e.g. `'v1.41'`. @defaultValue negotiated by the daemon */
  version?: string;
}

/** Where `connection` points, for messages: `unix:///var/run/docker.sock`, `https://host:2376`. */
export function describeConnection(connection: DockerConnection): string {
  if (connection.host !== undefined) return `${connection.protocol ?? 'http'}://${connection.host}:${connection.port ?? 2375}`;
  return `unix://${connection.socketPath ?? '/var/run/docker.sock'}`;
}

/**
 * The connection the Docker CLI would use from its environment: DOCKER_HOST (`unix:///path` or
 * `tcp://host:port`, default the local socket), DOCKER_TLS_VERIFY=1 (or port 2376) for TLS, with
 * `ca.pem`, `cert.pem` and `key.pem` from DOCKER_CERT_PATH (default `~/.docker`).
 * Composition roots call this; the executor itself only takes options.
 */
export function dockerConnectionFromEnv(env: NodeJS.ProcessEnv = process.env): DockerConnection {
  const host = env['DOCKER_HOST']?.trim() ?? '';
  if (host === '') return { socketPath: '/var/run/docker.sock' };
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) || '/var/run/docker.sock' };
  if (host.startsWith('/')) return { socketPath: host };
  const match = /^(?:tcp|http|https):\/\/([^:/]+|\[[^\]]+\])(?::(\d+))?\/?$/.exec(host);
  if (match === null) {
    throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `DOCKER_HOST '${host}' is not a Docker address`, {
      hint: 'Use unix:///var/run/docker.sock or tcp://host:2376 (ssh:// is not supported: forward the socket with `ssh -L` instead).',
      details: { DOCKER_HOST: host },
    });
  }
  const port = Number(match[2] ?? (env['DOCKER_TLS_VERIFY'] === '1' ? 2376 : 2375));
  const tls = env['DOCKER_TLS_VERIFY'] === '1' || port === 2376 || host.startsWith('https://');
  const connection: DockerConnection = { host: match[1]!, port, protocol: tls ? 'https' : 'http' };
  if (tls) {
    const certPath = env['DOCKER_CERT_PATH'] ?? join(env['HOME'] ?? '', '.docker');
    try {
      connection.ca = readFileSync(join(certPath, 'ca.pem'));
      connection.cert = readFileSync(join(certPath, 'cert.pem'));
      connection.key = readFileSync(join(certPath, 'key.pem'));
    } catch (error) {
      throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `DOCKER_HOST ${host} uses TLS, but the client certificates cannot be read from ${certPath}`, {
        hint: 'Put ca.pem, cert.pem and key.pem in DOCKER_CERT_PATH (default ~/.docker), or unset DOCKER_TLS_VERIFY for a plain TCP daemon.',
        details: { DOCKER_CERT_PATH: certPath },
        cause: error,
      });
    }
  }
  return connection;
}
