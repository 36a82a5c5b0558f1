import type { FastifyInstance } from 'fastify';

/**
 * The HTTP methods each registered path answers, so a request for a known path with another method
 * gets 405 with an `Allow` header instead of a 404. Catch-all routes (`*`, the web app) are left out:
 * they would make every path "exist".
 */
export class RouteMethods {
  private readonly routes: Array<{ pattern: RegExp; methods: Set<string> }> = [];
  private readonly byUrl = new Map<string, Set<string>>();

  constructor(app: FastifyInstance) {
    app.addHook('onRoute', (route) => {
      if (route.url.includes('*')) return;
      let methods = this.byUrl.get(route.url);
      if (methods === undefined) {
        methods = new Set();
        this.byUrl.set(route.url, methods);
        const source = route.url.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
        this.routes.push({ pattern: new RegExp(`^${source}/?$`), methods });
      }
      for (const method of Array.isArray(route.method) ? route.method : [route.method]) methods.add(method.toUpperCase());
    });
  }

  /** Methods allowed on this concrete path (query string ignored); empty when no route matches it. */
  allowed(url: string): string[] {
    const path = url.split('?')[0]!;
    const found = new Set<string>();
    for (const route of this.routes) if (route.pattern.test(path)) for (const method of route.methods) found.add(method);
    return [...found].sort();
  }
}
