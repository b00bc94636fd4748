import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

/**
 * The esbuild plugin of our bundles (the worker threads' here, the browser tests' server in
 * apps/web/e2e/support/server-bundle.ts): our own sources (this app and the @pollwatch packages)
 * are inlined; every other package stays an import of the exact file it resolves to here, so the
 * bundle works from any directory. `import.meta.url` in our sources keeps naming the original file,
 * so paths relative to a module (a font, a package resolved from it) still resolve as they do
 * under tsx.
 */
export const ownSourcesOnly: Plugin = {
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
