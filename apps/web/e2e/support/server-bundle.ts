import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { ownSourcesOnly } from '../../../server/src/workers/own-sources-only.ts';

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
 * modules one round trip at a time, 2-4 s more per file on the 2-core machine. Bundled with the
 * plugin the server bundles its own worker threads with (apps/server/src/workers/own-sources-only.ts):
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
