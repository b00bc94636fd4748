import fastifyCookie from '@fastify/cookie';
import type { NewAuditEntry, User } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthService } from '../auth/auth.service.ts';
import { installSessionAndAccess } from './access-control.ts';
import { SESSION_COOKIE } from './request-context.ts';

/**
 * The generic audit entry of a write that recorded none of its own is written before the reply
 * goes out: whoever reads the audit log right after the response (a test counting rows, an HQ
 * coordinator) finds it, however slow the database.
 */
describe('audit safety net', () => {
  let app: FastifyInstance;
  afterEach(() => app?.close());

  const user = { id: 'u1', role: 'admin' } as User;
  async function start() {
    const written: NewAuditEntry[] = [];
    const store = {
      audit: {
        append: async (entry: NewAuditEntry) => {
          // A slow database: an entry written after the reply would still be missing below.
          await new Promise((r) => setTimeout(r, 200));
          written.push(entry);
        },
      },
    } as unknown as Store;
    const auth = { userForToken: async () => ({ user, tokenHash: 'h' }) } as unknown as AuthService;
    app = Fastify();
    await app.register(fastifyCookie);
    installSessionAndAccess(app, { auth, store, now: () => new Date(), publicUrl: undefined });
    const config = { access: 'signed-in' as const };
    app.post('/things/:id', { config }, async (_request, reply) => reply.status(201).send({ ok: true }));
    app.post('/dry-run', { config: { ...config, readOnly: true } }, async () => ({ ok: true }));
    // Like ingest: the write is its own (hash-chained) trail and marks the actor audited.
    app.post('/ingest', { config }, async (request) => {
      if (request.actor) request.actor.audited = true;
      return { ok: true };
    });
    app.post('/refused', { config }, async (_request, reply) => reply.status(409).send({ error: 'conflict' }));
    app.get('/things', { config }, async () => ({ items: [] }));
    await app.ready();
    const call = (method: 'GET' | 'POST', url: string) =>
      app.inject({
        method,
        url,
        cookies: { [SESSION_COOKIE]: 't' },
        headers: { origin: 'http://localhost:80', host: 'localhost:80' },
      });
    return { written, call };
  }

  it('has the generic entry written by the time the reply arrives', async () => {
    const { written, call } = await start();
    const response = await call('POST', '/things/42');
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ ok: true });
    expect(written).toEqual([
      { actorId: 'u1', action: 'request.write', entityId: '42', details: { route: 'POST /things/:id', status: 201 } },
    ]);
  });

  it('writes nothing for reads, dry runs, refused writes and writes that audited themselves (ingest)', async () => {
    const { written, call } = await start();
    for (const [method, url] of [
      ['GET', '/things'],
      ['POST', '/dry-run'],
      ['POST', '/ingest'],
      ['POST', '/refused'],
    ] as const) {
      expect((await call(method, url)).statusCode).toBeLessThan(500);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(written).toEqual([]);
  });
});
