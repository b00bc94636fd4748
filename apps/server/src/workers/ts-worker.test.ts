import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { preparedBundle, prepareWorker, startTsWorker } from './ts-worker.ts';

const probe = new URL('./fixtures/probe.worker.ts', import.meta.url);

interface ProbeAnswer {
  moduleUrl: string;
  workerData: unknown;
  workspacePackage: string;
  installedPackage: string;
  stack: string;
}

function answer(worker: Worker): Promise<ProbeAnswer> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('worker threads on TypeScript modules', () => {
  it('start through tsx before the bundle is ready, and from the bundle after', async () => {
    const early = startTsWorker(probe, { n: 1 });
    const throughTsx = await answer(early);
    await early.terminate();
    expect(throughTsx).toMatchObject({
      moduleUrl: probe.href,
      workerData: { n: 1 },
      workspacePackage: '{"a":2,"b":1}',
    });
    expect(throughTsx.stack).toContain('probe.worker.ts');

    await prepareWorker(probe);
    const bundle = preparedBundle(probe);
    expect(bundle).toMatch(/pollwatch-workers-[^/\\]+[/\\]probe\.worker-[0-9a-f]{16}\.mjs$/);
    expect(existsSync(bundle as string)).toBe(true);
    // Our sources are inside; an installed package is imported from where it is installed.
    const text = readFileSync(bundle as string, 'utf8');
    expect(text).toContain('function canonicalJson');
    expect(text).toMatch(/from "file:\/\/\/[^"]*node_modules\/commander\//);

    const late = startTsWorker(probe, { n: 2 });
    const fromBundle = await answer(late);
    await late.terminate();
    expect(fromBundle.stack).toContain(bundle);
    // The same behaviour as under tsx, down to the module's own URL.
    expect(fromBundle).toMatchObject({
      moduleUrl: probe.href,
      workerData: { n: 2 },
      workspacePackage: '{"a":2,"b":1}',
      installedPackage: 'function',
    });
  });

  it('never runs a bundle from a directory other users can write to: it starts through tsx instead', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'pw-shared-tmp-'));
    const before = process.env.TMPDIR;
    try {
      const dir = join(shared, `pollwatch-workers-${process.getuid?.() ?? 'user'}`);
      mkdirSync(dir);
      chmodSync(dir, 0o777);
      process.env.TMPDIR = shared;
      // Another URL of the same file: bundled anew, not taken from this process's earlier bundle.
      const module = new URL('./fixtures/probe.worker.ts?shared-tmp', import.meta.url);
      await prepareWorker(module);
      expect(preparedBundle(module)).toBeUndefined();
      const worker = startTsWorker(module, { n: 3 });
      const reply = await answer(worker);
      await worker.terminate();
      expect(reply).toMatchObject({ workerData: { n: 3 }, workspacePackage: '{"a":2,"b":1}' });
      expect(reply.stack).toContain('probe.worker.ts');
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
      rmSync(shared, { recursive: true, force: true });
    }
  });

  it('bundles a module once per process', async () => {
    await prepareWorker(probe);
    const first = preparedBundle(probe);
    await prepareWorker(probe);
    expect(preparedBundle(probe)).toBe(first);
  });
});
