import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The file URL of tsx's ESM register API (the `import` condition, not the CommonJS one). */
function tsxEsmApi(): string {
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  return new URL('dist/esm/api/index.mjs', pathToFileURL(packageJson)).href;
}

/**
 * Starts a worker thread on a TypeScript module. The server runs its sources through tsx, and a
 * worker does not inherit the loader: a tiny script registers it, then imports the module.
 */
export function startTsWorker(module: URL, workerData: unknown): Worker {
  const boot = `import(${JSON.stringify(tsxEsmApi())}).then((m) => { m.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
