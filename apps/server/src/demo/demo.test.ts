import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applicantStatuses } from '@pollwatch/core';
import { describeEachDialect } from '@pollwatch/db/testing';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { verifyChain } from '../reports/hash-chain.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { DEMO_APPLICANTS, DEMO_RESERVE } from './demo-campaign.ts';
import { replayLive } from './demo-live.ts';
import { findRehearsal } from './demo-rehearsal.ts';
import { removeDemo } from './demo-remove.ts';
import { seedDemo } from './demo-seed.ts';

const blobPath = (dataDir: string, hash: string) => join(dataDir, 'blobs', hash.slice(0, 2), hash);

describeEachDialect('the living demo', (db) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  // One seeding per dialect serves the whole story (seeding is most of this file's time): seeded,
  // seeded again to no effect, replayed live, then removed exactly. The time limit is generous for
  // a machine shared with other test runs; the seeding's own bound is checked below.
  it('seeds a rehearsal campaign through the real pipeline, once, replays voting day live, and removes exactly it', async () => {
    t = await startTestApp(db());
    const app = t;
    const dataDir = mkdtempSync(join(tmpdir(), 'pollwatch-demo-'));
    // Data that is not the demo's: an admin, an election of our own with a station and a report.
    const admin = await app.setupAdmin();
    const before = await app.store.demo.counts();
    expect(before.users).toBe(0);

    const started = Date.now();
    const seeded = await seedDemo(app.store, app.now, { dataDir });
    const seconds = (Date.now() - started) / 1000;
    // 6–25 s alone on a 2-core machine; the bound leaves room for a test run that shares the CPUs.
    expect(seconds).toBeLessThan(90);
    const r = seeded.rehearsal;
    expect(r).toMatchObject({ created: true, complete: true });
    if (!r?.reports) throw new Error('no rehearsal');
    // Voting day is yesterday in Almaty (the test clock reads 10 November 2026, 11:00 there).
    expect(r.votingDate).toBe('2026-11-09');

    // Applicants at every step of the pipeline; accounts for the active ones.
    const applicants = await app.store.applicants.listAll({ electionId: r.electionId });
    const byStatus = Object.fromEntries(
      applicantStatuses.map((s) => [s, applicants.filter((a) => a.status === s).length]),
    );
    for (const status of applicantStatuses) expect(byStatus[status], status).toBeGreaterThan(0);
    expect(byStatus.applied).toBe(DEMO_APPLICANTS.applied);
    expect(byStatus.active).toBe(r.observers);
    expect(applicants.filter((a) => a.userId).length).toBe(r.observers);
    expect(applicants.every((a) => a.fullName.endsWith('(демо)') && a.phone.startsWith('+7700000'))).toBe(true);

    // Most stations covered on voting day, some not.
    const assignments = await app.store.assignments.list({ electionId: r.electionId });
    const covered = new Set(assignments.filter((a) => a.shift === 'voting_day').map((a) => a.stationId));
    expect(covered.size).toBe((r.observers ?? 0) - DEMO_RESERVE);
    expect(covered.size).toBeGreaterThan(300);
    expect(covered.size).toBeLessThan(400);
    expect(r.readinessVisits).toBeGreaterThan(200);

    // Every kind of report, with flags, incidents, conflicts and photos, all in the chain.
    for (const kind of ['readiness', 'opening', 'turnout', 'voting', 'incident', 'closing', 'protocol']) {
      expect(r.reports[kind], kind).toBeGreaterThan(0);
    }
    const stats = await app.store.reports.countFlagged(r.electionId, { kind: 'all' });
    expect(stats).toBeGreaterThan(10);
    expect(await app.store.reports.countConflictStations(r.electionId, { kind: 'all' })).toBeGreaterThanOrEqual(4);
    expect(r.photos).toBeGreaterThan(250);
    const counts = await app.store.demo.counts();
    const sent = Object.values(r.reports).reduce((a, b) => a + b, 0);
    expect(counts.reports).toBe(sent);
    expect(counts.revisions).toBe(sent);
    expect(counts.photos).toBe(r.photos);
    expect(counts.officialResults).toBe(400);
    expect(counts.stations).toBe(800);
    expect(counts.elections).toBe(2);
    expect(counts.verifications).toBeGreaterThan(20);
    expect(r.verification).toMatchObject({ verified: expect.any(Number), follow_up: 5, rejected: 2, claimed: 4 });
    expect(r.planted?.rounded.length).toBe(6);
    expect(r.planted?.stuffed.length).toBe(4);
    expect(r.planted?.moved.length).toBeGreaterThan(3);
    const chain = await verifyChain(app.store);
    expect(chain).toMatchObject({ ok: true, entries: sent });
    // The rehearsal is the console's election; its photos are files in the blob store.
    const current = (await app.request({ method: 'GET', url: '/api/v1/elections', cookie: admin })).json();
    expect(current.items.find((e: { isCurrent: boolean }) => e.isCurrent).id).toBe(r.electionId);

    // Running it again changes nothing.
    const again = await seedDemo(app.store, app.now, { dataDir });
    expect(again.rehearsal).toMatchObject({ created: false, complete: true, electionId: r.electionId });
    expect(await app.store.demo.counts()).toEqual(counts);

    // The live replay: a bounded number of voting-day reports sent to the server, each accepted.
    const heard: string[] = [];
    const post = async (path: string, body: unknown, cookie: string) => {
      const response = await app.request({ method: 'POST', url: path, body, cookie });
      return { status: response.statusCode, body: response.body };
    };
    const lines: string[] = [];
    const result = await replayLive(app.store, post, app.now, {
      count: 5,
      intervalMs: 10,
      dataDir,
      log: (line) => lines.push(line),
    });
    expect(result).toMatchObject({ sent: 5, accepted: 5, stopped: 'count' });
    expect(lines).toHaveLength(5);
    expect((await app.store.demo.counts()).reports).toBe(sent + 5);
    expect(await verifyChain(app.store)).toMatchObject({ ok: true });
    // The replay's sessions are gone when it stops.
    const observers = await app.store.demo.userIds();
    for (const id of observers.slice(0, 50)) expect(await app.store.sessions.hasActive(id, app.now())).toBe(false);
    // A stop signal ends it before the count.
    const stop = new AbortController();
    const stopping = replayLive(app.store, post, app.now, {
      count: 1000,
      intervalMs: 20,
      dataDir,
      signal: stop.signal,
      log: (line) => heard.push(line),
    });
    setTimeout(() => stop.abort(), 150);
    const stopped = await stopping;
    expect(stopped.stopped).toBe('signal');
    expect(stopped.sent).toBeLessThan(1000);
    // What the removal must take: the seeded reports and photos and the replayed ones.
    const beforeRemoval = await app.store.demo.counts();
    expect(beforeRemoval.reports).toBeGreaterThanOrEqual(sent + 5);

    // Data that is not the demo's, made after it: kept by the removal.
    const own = (
      await app.request({
        method: 'POST',
        url: '/api/v1/elections',
        cookie: admin,
        body: { name: { ru: 'Наши выборы' }, kind: 'presidential', votingDate: '2026-11-20', timeZone: 'Asia/Almaty' },
      })
    ).json().election.id as string;
    const region = (await app.store.areas.list()).find((a) => a.code === 'DEMO-ALA');
    const station = (
      await app.request({
        method: 'POST',
        url: `/api/v1/elections/${own}/stations`,
        cookie: admin,
        body: { areaId: region?.id, number: 1, address: 'Наш адрес' },
      })
    ).json().station.id as string;
    const observer = await app.signInAs('observer', admin);
    const photoHash = (await app.store.demo.counts()).photos;
    expect(photoHash).toBeGreaterThan(0);

    const removed = await removeDemo(app.store, app.now, dataDir);
    if ('refused' in removed) throw new Error('refused');
    expect(removed.removed).toMatchObject({
      elections: 2,
      stations: 800,
      reports: beforeRemoval.reports,
      revisions: beforeRemoval.revisions,
      applicants: applicants.length,
      officialResults: 400,
    });
    expect(removed.photoHashes).toHaveLength(beforeRemoval.photos);
    for (const hash of removed.photoHashes) expect(existsSync(blobPath(dataDir, hash))).toBe(false);
    // The Almaty region holds our own station: kept; the other demo areas are gone.
    expect(removed.keptAreas).toBe(2);
    const after = await app.store.demo.counts();
    expect(after).toMatchObject({ elections: 0, stations: 0, reports: 0, applicants: 0, assignments: 0, photos: 0 });
    expect(await app.store.elections.findById(own)).toBeDefined();
    expect(await app.store.stations.findById(station)).toBeDefined();
    expect(await app.store.users.findById(observer.user.id)).toBeDefined();
    expect(await verifyChain(app.store)).toMatchObject({ ok: true, entries: 0 });
    expect(await findRehearsal(app.store)).toBeUndefined();
    // Only a demo election's published forms may be deleted: our own stay frozen.
    await expect(
      sql`delete from form_versions where form_id in (select id from forms where election_id = ${own})`.execute(
        db().kysely,
      ),
    ).rejects.toThrow(/published form version/);
    // The admin can still work: the removal left a consistent database.
    expect((await app.request({ method: 'GET', url: '/api/v1/elections', cookie: admin })).json().items).toHaveLength(
      1,
    );
  }, 300_000);
});
