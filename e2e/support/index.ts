export * from './e2e-paths.js';
export * from './describe-e2e.js';
export * from './server-fixture.js';
export * from './browser-fixture.js';
export * from './browser-app-fixture.js';
export * from './request-guard.js';
export * from './screenshots.js';
export * from './base-page.js';
