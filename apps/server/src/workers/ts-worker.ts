import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ownSourcesOnly } from './own-sources-only.ts';

/**
 * Worker threads on TypeScript modules.
 *
 * The server runs its sources through tsx, and a worker does not inherit the loader. Registering
 * tsx in the worker works, but loading a worker's ~100 modules through it took 2.5–2.8 s on the
 * 2-core machine (each module is a round trip to tsx's loader thread): the report writer was
 * ready that long after the server, and every import applied on SQLite waited that long first.
 * So each worker module is bundled once per process with esbuild (which tsx itself is built on,
 * ~100 ms) into one plain ES module that a worker loads without any loader. Until its bundle is
 * ready — or if bundling fails — a worker still starts through tsx.
 */

/** Module URL → bundle path, for the modules bundled in this process. */
const bundled = new Map<string, string>();
const bundling = new Map<string, Promise<void>>();

/** Bundles a worker's module ahead of `startTsWorker`. Never rejects: tsx remains the fallback. */
export function prepareWorker(module: URL): Promise<void> {
  let pending = bundling.get(module.href);
  if (!pending) {
    pending = bundle(module).then(
      (file) => {
        bundled.set(module.href, file);
      },
      () => {
        // The tsx path still works; the next call tries again.
        bundling.delete(module.href);
      },
    );
    bundling.set(module.href, pending);
  }
  return pending;
}

/** The bundle a worker of this module starts from, once prepared in this process. */
export function preparedBundle(module: URL): string | undefined {
  return bundled.get(module.href);
}

/** Starts a worker thread on a TypeScript module: its bundle once prepared, else through tsx. */
export function startTsWorker(module: URL, workerData: unknown): Worker {
  const file = bundled.get(module.href);
  if (file && existsSync(file)) return new Worker(file, { workerData });
  if (file) {
    // Someone cleaned the temporary directory: bundle again for the next start.
    bundled.delete(module.href);
    bundling.delete(module.href);
  }
  const boot = `import(${JSON.stringify(tsxEsmApi())}).then((m) => { m.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** Bundles the module if this process has not yet, then starts a worker thread on it. */
export async function startPreparedWorker(module: URL, workerData: unknown): Promise<Worker> {
  await prepareWorker(module);
  return startTsWorker(module, workerData);
}

/** The file URL of tsx's ESM register API (the `import` condition, not the CommonJS one). */
function tsxEsmApi(): string {
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  return new URL('dist/esm/api/index.mjs', pathToFileURL(packageJson)).href;
}

async function bundle(module: URL): Promise<string> {
  // Loaded here, not with this module: worker threads import this file too and never bundle.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [fileURLToPath(module)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    // Only Node's own conditions: the file esbuild picks for a package is the one Node would.
    conditions: [],
    plugins: [ownSourcesOnly],
  });
  const text = result.outputFiles[0]?.text;
  if (text === undefined) throw new Error(`esbuild wrote nothing for ${module.href}`);
  const dir = privateDirectory();
  // Named by content: processes running different versions side by side never share a file.
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const file = join(dir, `${basename(fileURLToPath(module), '.ts')}-${hash}.mjs`);
  if (!existsSync(file)) {
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, text);
    renameSync(partial, file);
  }
  return file;
}

/**
 * Where bundles are kept: this user's own directory. A bundle found there is run as it is, so
 * one that another user of the machine could have written would be their code in our server.
 */
function privateDirectory(): string {
  const uid = process.getuid?.();
  const dir = join(tmpdir(), `pollwatch-workers-${uid ?? 'user'}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o077) !== 0) {
    throw new Error(`${dir} is not a directory of this user's alone`);
  }
  return dir;
}
