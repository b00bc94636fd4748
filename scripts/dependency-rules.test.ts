import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = new URL('..', import.meta.url).pathname;
const depcruise = join(repo, 'node_modules', '.bin', 'depcruise');

/** Lays out a miniature workspace and runs the project's dependency rules over it. */
function cruise(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'pw-deps-'));
  writeFileSync(
    join(root, 'tsconfig.json'),
    '{ "compilerOptions": { "allowImportingTsExtensions": true, "noEmit": true } }',
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const result = spawnSync(depcruise, ['--config', join(repo, '.dependency-cruiser.cjs'), 'apps', 'packages'], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: result.status, output: result.stdout + result.stderr };
}

describe('dependency direction rules', () => {
  it('pass a workspace that keeps the direction', () => {
    const { code, output } = cruise({
      'packages/core/src/rule.ts': 'export const rule = 1;\n',
      'apps/server/src/app.ts':
        "import { rule } from '../../../packages/core/src/rule.ts';\nexport const app = rule;\n",
      'apps/web/src/main.ts': "import { rule } from '../../../packages/core/src/rule.ts';\nexport const main = rule;\n",
    });
    expect(output).toContain('no dependency violations');
    expect(code).toBe(0);
  });

  it('fail when core does I/O or the web app imports the server', () => {
    const { code, output } = cruise({
      'packages/core/src/rule.ts': "import { readFileSync } from 'node:fs';\nexport const rule = readFileSync;\n",
      'apps/server/src/app.ts': 'export const app = 1;\n',
      'apps/web/src/main.ts': "import { app } from '../../server/src/app.ts';\nexport const main = app;\n",
    });
    expect(code).not.toBe(0);
    expect(output).toContain('pure-core-no-io');
    expect(output).toContain('web-not-server-or-db');
  });

  it("let the browser tests' server bundle import the server's esbuild plugin, and nothing else of the server", () => {
    const workspace = (setup: string) => ({
      'packages/core/src/rule.ts': 'export const rule = 1;\n',
      'apps/server/src/workers/own-sources-only.ts': 'export const ownSourcesOnly = 1;\n',
      'apps/server/src/app.ts': 'export const app = 1;\n',
      'apps/web/e2e/support/server-bundle.ts': setup,
      'apps/web/e2e/support/server.ts':
        "import { app } from '../../../server/src/app.ts';\nexport const server = app;\n",
    });
    const plugin = cruise(
      workspace(
        "import { ownSourcesOnly } from '../../../server/src/workers/own-sources-only.ts';\nexport default ownSourcesOnly;\n",
      ),
    );
    // Only the other e2e file is refused: the exception is the set-up file's import of the plugin.
    expect(plugin.output).toContain('web-not-server-or-db: apps/web/e2e/support/server.ts');
    expect(plugin.output).not.toContain('server-bundle.ts →');
    const more = cruise(workspace("import { app } from '../../../server/src/app.ts';\nexport default app;\n"));
    expect(more.code).not.toBe(0);
    expect(more.output).toContain('e2e-server-bundle-only-the-plugin: apps/web/e2e/support/server-bundle.ts');
  });

  it('fail when a route imports the Store as a value, pass when it names only its types', () => {
    const workspace = (route: string) => ({
      'packages/db/src/store.ts': 'export class Store {}\n',
      'apps/server/src/routes/reports.routes.ts': route,
    });
    const value = cruise(
      workspace(
        "import { Store } from '../../../../packages/db/src/store.ts';\nexport const routes = (s: Store) => new Store();\n",
      ),
    );
    expect(value.code).not.toBe(0);
    expect(value.output).toContain('routes-not-to-store');
    const typeOnly = cruise(
      workspace(
        "import type { Store } from '../../../../packages/db/src/store.ts';\nexport const routes = (s: Store) => s;\n",
      ),
    );
    expect(typeOnly.output).toContain('no dependency violations');
    expect(typeOnly.code).toBe(0);
  });
});
