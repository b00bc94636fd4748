import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

/**
 * Runs the real server as a child process, the way an operator would: `pollwatch serve` on a free
 * port with SQLite in a fresh temporary folder. The browser tests import nothing from the server.
 */

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const webDist = join(repoRoot, 'apps/web/dist/index.html');
const READY_TIMEOUT_MS = 60_000;

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** Everything the server printed so far, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

/** The one-time setup token a fresh server prints with its setup link (none once an admin exists). */
export function setupToken(server: RunningServer): string | undefined {
  return /\/setup\?token=([\w-]+)/.exec(server.output())?.[1];
}

/** `/api/v1/setup` with the server's setup token: how a test creates the first admin directly. */
export function setupApi(server: RunningServer): string {
  const token = setupToken(server);
  return `${server.baseUrl}/api/v1/setup${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * The server's entry: the bundle of its CLI that the browser tests' global set-up made once
 * (`server-bundle.ts`), else the bin that runs the sources through tsx. Either is `pollwatch`.
 */
function pollwatchEntry(): string {
  let bundle: string | undefined;
  try {
    bundle = inject('pollwatchServerBundle');
  } catch {
    bundle = undefined;
  }
  return bundle && existsSync(bundle) ? bundle : 'apps/server/bin/pollwatch.js';
}

/** `node` and its arguments for a `pollwatch` command (`seed demo`, say) run from the repository root. */
export function pollwatchArgs(...args: string[]): string[] {
  return [pollwatchEntry(), ...args];
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** `env`: extra settings of this server (a webhook secret, say). */
export async function startServer(env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  if (!existsSync(webDist)) {
    throw new Error(`apps/web/dist/index.html is missing: run \`npm run build -w apps/web\` before the browser tests`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'pollwatch-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  delete childEnv.DATABASE_URL;

  const child = spawn(process.execPath, pollwatchArgs('serve'), {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited(child);
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`pollwatch serve exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`);
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `pollwatch serve did not answer GET /readyz with 200 within ${READY_TIMEOUT_MS / 1000}s:\n${output}`,
      );
    }
    await delay(200);
  }

  return { baseUrl, dataDir, output: () => output, stop };
}
