import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

/**
 * Writes the field app's precache list into `dist/sw.js` (the hand-written service worker from
 * `public/sw.js`): `index.html`, the entry chunk with every chunk it imports statically, their CSS,
 * and the given public files. The console's lazy chunks are left out (cached on first use). The
 * version is a hash of the list, so a new build installs a new worker and drops the old cache.
 */
export function fieldPrecache(publicFiles: readonly string[]): Plugin {
  let config: ResolvedConfig;
  let urls: string[] = [];
  return {
    name: 'pollwatch-field-precache',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((o) => o.type === 'chunk');
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const files = new Set<string>();
      const visit = (fileName: string) => {
        if (files.has(fileName)) return;
        files.add(fileName);
        const chunk = byName.get(fileName);
        if (!chunk) return;
        for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
        for (const imported of chunk.imports) visit(imported);
      };
      for (const chunk of chunks) if (chunk.isEntry) visit(chunk.fileName);
      urls = ['/index.html', ...[...files].sort().map((f) => `/${f}`), ...publicFiles];
    },
    writeBundle() {
      const version = createHash('sha256').update(urls.join('\n')).digest('hex').slice(0, 16);
      const template = readFileSync(join(config.publicDir, 'sw.js'), 'utf8');
      const output = template
        .replace("'__PRECACHE_VERSION__'", JSON.stringify(version))
        .replace('/* __PRECACHE_URLS__ */ []', JSON.stringify(urls, null, 2));
      writeFileSync(join(resolve(config.root, config.build.outDir), 'sw.js'), output);
      config.logger.info(`field precache: ${urls.length} files, version ${version}`);
    },
  };
}
