import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';

// The web app bundles workspace packages from their TypeScript sources (the `source` export
// condition), so `npm run build -w @twingraph/web` does not depend on their dist being built.
// Everything is bundled locally (Monaco and its workers included): the app makes no request
// to any host but its own server.
export default defineConfig({
  base: './',
  plugins: [react()],
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 6000,
  },
  worker: { format: 'es' },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:4000',
      '/graphql': 'http://127.0.0.1:4000',
      '/ws': { target: 'ws://127.0.0.1:4000', ws: true },
    },
  },
});
