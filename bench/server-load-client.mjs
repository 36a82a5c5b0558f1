// Load generator for bench/server.bench.mjs, run as its own process so the client does not share the
// server's event loop: autocannon against one route, JSON figures on stdout.
// argv[2]: JSON {url, method, headers, body?, paths?: string[], connections, seconds}
import autocannon from 'autocannon';

const spec = JSON.parse(process.argv[2]);
let next = 0;
const result = await autocannon({
  url: spec.url,
  method: spec.method,
  headers: spec.headers,
  connections: spec.connections,
  duration: spec.seconds,
  ...(spec.body === undefined ? {} : { body: spec.body }),
  // GET cycles through the given paths (one execution id after another).
  ...(spec.paths === undefined ? {} : { requests: [{ setupRequest: (req) => ({ ...req, path: spec.paths[next++ % spec.paths.length] }) }] }),
});
process.stdout.write(JSON.stringify({
  requests: result.requests.total,
  rps: result.requests.average,
  p50: result.latency.p50,
  p99: result.latency.p99,
  errors: result.errors + result.non2xx,
  non2xx: result.non2xx,
}));
