import { request } from 'node:http';

/**
 * The few Docker Engine API calls the stand-ins need (create, start, wait, logs, kill, remove), over
 * the local socket with node:http, so the stand-ins need no Docker client library.
 */
export class DockerApi {
  constructor(private readonly socketPath = (process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock').replace(/^unix:\/\//, '')) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; data: Buffer }> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = request({ socketPath: this.socketPath, method, path, headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': payload.length } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, data: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  private async ok(method: string, path: string, body?: unknown): Promise<Buffer> {
    const answer = await this.call(method, path, body);
    if (answer.status >= 300) throw new Error(`Docker ${method} ${path}: HTTP ${answer.status} ${answer.data.toString('utf8').slice(0, 300)}`);
    return answer.data;
  }

  async imageExists(image: string): Promise<boolean> {
    return (await this.call('GET', `/images/${encodeURIComponent(image)}/json`)).status === 200;
  }

  async createContainer(spec: Record<string, unknown>): Promise<string> {
    return (JSON.parse((await this.ok('POST', '/containers/create', spec)).toString('utf8')) as { Id: string }).Id;
  }

  async start(id: string): Promise<void> {
    await this.ok('POST', `/containers/${id}/start`);
  }

  /** Resolves with the exit code when the container stops. */
  async wait(id: string): Promise<number> {
    return (JSON.parse((await this.ok('POST', `/containers/${id}/wait`)).toString('utf8')) as { StatusCode: number }).StatusCode;
  }

  /** stdout and stderr lines so far, in order, with their stream. */
  async logs(id: string): Promise<['stdout' | 'stderr', string][]> {
    const data = await this.ok('GET', `/containers/${id}/logs?stdout=1&stderr=1`);
    const out: ['stdout' | 'stderr', string][] = [];
    const pending: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
    // Multiplexed frames: 1 byte stream type, 3 bytes padding, 4 bytes big-endian size, payload.
    for (let at = 0; at + 8 <= data.length; ) {
      const stream = data[at] === 2 ? 'stderr' : 'stdout';
      const size = data.readUInt32BE(at + 4);
      pending[stream] += data.subarray(at + 8, at + 8 + size).toString('utf8');
      at += 8 + size;
      let nl;
      while ((nl = pending[stream].indexOf('\n')) !== -1) {
        out.push([stream, pending[stream].slice(0, nl)]);
        pending[stream] = pending[stream].slice(nl + 1);
      }
    }
    for (const stream of ['stdout', 'stderr'] as const) if (pending[stream] !== '') out.push([stream, pending[stream]]);
    return out;
  }

  async kill(id: string): Promise<void> {
    const answer = await this.call('POST', `/containers/${id}/kill`);
    if (answer.status >= 300 && answer.status !== 404 && answer.status !== 409) throw new Error(`Docker kill ${id}: HTTP ${answer.status}`);
  }

  async remove(id: string): Promise<void> {
    const answer = await this.call('DELETE', `/containers/${id}?force=1&v=1`);
    if (answer.status >= 300 && answer.status !== 404 && answer.status !== 409) throw new Error(`Docker remove ${id}: HTTP ${answer.status}`);
  }

  /** Ids of containers (running or not) with this label `key=value`. */
  async containersWithLabel(label: string): Promise<string[]> {
    const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
    const list = JSON.parse((await this.ok('GET', `/containers/json?all=1&filters=${filters}`)).toString('utf8')) as { Id: string }[];
    return list.map((c) => c.Id);
  }
}
