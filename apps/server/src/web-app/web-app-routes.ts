import { existsSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export interface WebAppOptions {
  /**
   * Folder of the built web app (`vite build` output, with `index.html`).
   * @defaultValue apps/web/dist, found next to this package (the same path from src/ and dist/)
   */
  root?: string;
}

/** Paths the API owns: never answered with the web app, so an unknown API path stays a JSON 404. */
const API_PREFIXES = ['/api', '/ws', '/graphql', '/docs', '/health', '/metrics'];

/** apps/server/{src,dist}/web-app → apps/web/dist. */
export function defaultWebAppDir(): string {
  return fileURLToPath(new URL('../../../web/dist', import.meta.url));
}

function isApiPath(url: string): boolean {
  return API_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`));
}

const NOT_BUILT_PAGE = (root: string) => `<!doctype html><meta charset="utf-8"><title>TwinGraph — web app not built</title>
<style>body{font:14px system-ui;margin:3em;max-width:44em;color:#1d2330}code{background:#eef0f3;padding:.1em .3em;border-radius:3px}</style>
<h1>The TwinGraph web app is not built</h1>
<p>The API is running (<a href="/docs">/docs</a>, <a href="/health">/health</a>), but there is no built web app in <code>${root.replace(/[<>&]/g, '')}</code>.</p>
<p>Build it with <code>npm run build</code> (or <code>npm run build -w @twingraph/web</code>) and reload this page; <code>npm start</code> builds and serves in one step.</p>`;

/**
 * Serves the built web app on the API's port: files from `root`, hashed assets (`/assets/*`) cached
 * as immutable, `index.html` revalidated on every load, and any other path that is not an API path
 * answered with `index.html` (the app routes with `#/…`, but deep links and reloads must land).
 * When the app is not built, pages get a 404 that says how to build it (never a 5xx).
 */
export async function registerWebApp(app: FastifyInstance, options: WebAppOptions = {}): Promise<void> {
  const root = resolve(options.root ?? defaultWebAppDir());
  await app.register(fastifyStatic, { root, serve: false });

  app.get('/*', { config: { role: 'public' }, schema: { hide: true } }, (request, reply) => {
    const url = request.url;
    if (isApiPath(url)) return reply.callNotFound();
    if (!existsSync(resolve(root, 'index.html'))) {
      return reply.status(404).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT_PAGE(root));
    }
    const path = safeDecode((request.params as { '*': string })['*'].split('?')[0] ?? '');
    if (path === undefined) return reply.callNotFound();
    const file = resolve(root, path);
    const inside = file === root || file.startsWith(root + sep);
    if (inside && path !== '' && existsSync(file) && statSync(file).isFile()) {
      // Vite puts a content hash in every asset name: a changed file is a new URL.
      const immutable = path.startsWith('assets/');
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return reply.sendFile(path, root, { cacheControl: false });
    }
    // A missing file (a stale asset URL, a typo) is a 404, not the app's HTML with a 200.
    if (extname(path) !== '' && !path.endsWith('.html')) return reply.callNotFound();
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', root, { cacheControl: false });
  });
}

function safeDecode(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}
