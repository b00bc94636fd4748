import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server's CLI bundled once for this run of the browser tests (see below). */
    pollwatchServerBundle: string;
  }
}

/**
 * Vitest global set-up of the browser tests: bundles the server's CLI (`apps/server/src/cli.ts`,
 * what `apps/server/bin/pollwatch.js` runs through tsx) once with esbuild into one plain ES module,
 * and every test file's `pollwatch serve` starts from it. Through tsx each start loaded ~430
 * modules one round trip at a time, 2-4 s more per file on the 2-core machine. The same sources,
 * bundled the way the server bundles its own worker threads (apps/server/src/workers/ts-worker.ts):
 * our sources inlined, every package imported from the exact file it resolves to here, and
 * `import.meta.url` still naming each original file, so paths relative to a module resolve as they
 * do under tsx. The tsx bin itself is still run by the unit tests (cli.test.ts, multi-process.test.ts).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'pollwatch-e2e-server-'));
  const file = join(dir, 'pollwatch.mjs');
  await build({
    stdin: {
      contents: "import { runCli } from './src/cli.ts';\nawait runCli(process.argv);\n",
      resolveDir: join(repoRoot, 'apps/server'),
      sourcefile: 'bin/pollwatch.ts',
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: file,
    logLevel: 'warning',
    // Only Node's own conditions: the file esbuild picks for a package is the one Node would.
    conditions: [],
    plugins: [ownSourcesOnly],
  });
  project.provide('pollwatchServerBundle', file);
  return () => rmSync(dir, { recursive: true, force: true });
}

/** Our own sources (the server and the @pollwatch packages) inlined; every other package imported. */
const ownSourcesOnly: Plugin = {
  name: 'own-sources-only',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@pollwatch/') || args.pluginData === 'resolving') return undefined;
      if (isBuiltin(args.path)) return { path: args.path, external: true };
      const found = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'resolving',
      });
      if (found.errors.length > 0) return { errors: found.errors };
      return { path: pathToFileURL(found.path).href, external: true };
    });
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      return {
        contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: 'ts',
      };
    });
  },
};
