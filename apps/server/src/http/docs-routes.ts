import type { FastifyInstance } from 'fastify';

/** `/docs/json`: the OpenAPI document; `/docs`: a small page that lists the routes (public, like the spec). */
export function registerDocsRoutes(app: FastifyInstance): void {
  app.get('/docs/json', { config: { role: 'public' }, schema: { hide: true } }, () => Promise.resolve(app.swagger()));
  app.get('/docs', { config: { role: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const spec = app.swagger() as { paths?: Record<string, Record<string, { summary?: string }>> };
    const rows = Object.entries(spec.paths ?? {}).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escape(path)}</code></td><td>${escape(op.summary ?? '')}</td></tr>`));
    const html = `<!doctype html><meta charset="utf-8"><title>TwinGraph API</title>
<style>body{font:14px system-ui;margin:2em}td{padding:.2em .8em;border-bottom:1px solid #ddd}</style>
<h1>TwinGraph API</h1><p>OpenAPI document: <a href="/docs/json">/docs/json</a>. Guide: docs/api.md.</p>
<table>${rows.join('')}</table>`;
    return reply.type('text/html; charset=utf-8').send(html);
  });
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
