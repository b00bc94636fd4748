import { randomUUID } from 'node:crypto';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedElection } from '../testing/election-fixture.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { opening, seedTwoRegions } from '../testing/two-regions-fixture.ts';

const MINUTE = 60_000;

interface Alert {
  kind: string;
  stationId: string;
  checkpoint: string | null;
  reportId: string | null;
  observer: { id: string; name: string } | null;
  since: string | null;
}

describeEachDialect('alerts', (getDb) => {
  let t: TestApp;
  afterEach(() => t.close());

  describe('an election in Berlin with a station on Almaty time', () => {
    let admin: string;
    let electionId: string;
    let stations: string[];
    let observers: { cookie: string; id: string }[];
    let forms: Record<string, { formId: string; version: number }>;

    beforeEach(async () => {
      t = await startTestApp(getDb());
      admin = await t.setupAdmin();
      // The test clock stands at 06:00Z: 07:00 in Berlin (polls just opened), 11:00 in Almaty.
      const seeded = await seedElection(t, admin, { election: { timeZone: 'Europe/Berlin' } });
      electionId = seeded.electionId;
      stations = seeded.stationIds;
      const patched = await t.request({
        method: 'PATCH',
        url: `/api/v1/stations/${stations[2]}`,
        cookie: admin,
        body: { timeZone: 'Asia/Almaty' },
      });
      expect(patched.statusCode).toBe(200);
      observers = [];
      for (const station of [stations[0], stations[2]]) {
        const { cookie, user } = await t.signInAs('observer', admin);
        const assigned = await t.request({
          method: 'POST',
          url: `/api/v1/elections/${electionId}/assignments`,
          cookie: admin,
          body: { observerId: user.id, stationId: station, shift: 'voting_day' },
        });
        expect(assigned.statusCode).toBe(201);
        observers.push({ cookie, id: user.id });
      }
      // Station 2 has nobody: it is uncovered, never an alert.
      const pack = await t.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: observers[0]?.cookie });
      forms = Object.fromEntries(
        (pack.json().forms as { kind: string; formId: string; version: number }[]).map((f) => [f.kind, f]),
      );
    });

    const alerts = async (cookie = admin) => {
      const response = await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/alerts`, cookie });
      expect(response.statusCode).toBe(200);
      return response.json() as { open: number; counts: Record<string, number>; items: Alert[] };
    };
    const submit = async (who: { cookie: string }, kind: string, stationId: string, answers: unknown) => {
      const form = forms[kind];
      const id = randomUUID();
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/reports',
        cookie: who.cookie,
        body: { id, revision: 1, stationId, formId: form?.formId, formVersion: form?.version, answers },
      });
      expect(response.statusCode).toBeLessThan(300);
      return id;
    };

    it('the opening checklist is missing 30 minutes after polls open, in each station zone', async () => {
      const first = await alerts();
      // Almaty's station: opened at 07:00 local (02:00Z), 10:00 checkpoint due at 10:30 (05:30Z).
      expect(first.items.map((a) => [a.kind, a.stationId, a.checkpoint, a.since])).toEqual([
        ['opening_missing', stations[2], null, '2026-11-10T02:30:00.000Z'],
        ['turnout_missing', stations[2], '10:00', '2026-11-10T05:30:00.000Z'],
      ]);
      expect(first.open).toBe(2);

      t.advance(29 * MINUTE);
      expect((await alerts()).counts.opening_missing).toBe(1);
      t.advance(MINUTE);
      const due = await alerts();
      expect(due.counts.opening_missing).toBe(2);
      expect(due.items.filter((a) => a.kind === 'opening_missing').map((a) => a.stationId)).toEqual([
        stations[0],
        stations[2],
      ]);
      expect(due.items.some((a) => a.stationId === stations[1])).toBe(false);

      // The checklist arrives: the alert is gone.
      await submit(observers[0] as { cookie: string }, 'opening', stations[0] as string, opening);
      const after = await alerts();
      expect(after.counts.opening_missing).toBe(1);
      expect(after.open).toBe(2);

      // Almaty's 10:00 turnout arrives (a correction moves it to 12:00, which no longer answers 10:00).
      const turnout = await submit(observers[1] as { cookie: string }, 'turnout', stations[2] as string, {
        checkpoint_time: '10:00',
        voters_received: 150,
        source: 'own_count',
      });
      expect((await alerts()).counts.turnout_missing).toBe(0);
      const corrected = await t.request({
        method: 'POST',
        url: '/api/v1/reports',
        cookie: observers[1]?.cookie,
        body: {
          id: turnout,
          revision: 2,
          stationId: stations[2],
          formId: forms.turnout?.formId,
          formVersion: forms.turnout?.version,
          answers: { checkpoint_time: '12:00', voters_received: 150, source: 'own_count' },
        },
      });
      expect(corrected.statusCode).toBeLessThan(300);
      expect((await alerts()).items.filter((a) => a.kind === 'turnout_missing').map((a) => a.checkpoint)).toEqual([
        '10:00',
      ]);
      await submit(observers[1] as { cookie: string }, 'turnout', stations[2] as string, {
        checkpoint_time: '10:05',
        voters_received: 140,
        source: 'own_count',
      });
      expect((await alerts()).counts.turnout_missing).toBe(0);

      // The overview counts the same open alerts.
      const overview = await t.request({
        method: 'GET',
        url: `/api/v1/elections/${electionId}/overview`,
        cookie: admin,
      });
      expect(overview.statusCode).toBe(200);
      expect((await alerts()).open).toBe(1);
      expect(overview.json().alerts).toEqual({ open: 1 });
    });

    it('a grave incident is an alert until the queue decides; a silent phone is one during polling hours', async () => {
      t.advance(30 * MINUTE);
      await submit(observers[1] as { cookie: string }, 'incident', stations[2] as string, {
        category: 'ballot_stuffing',
        severity: 'high',
        incident_time: '11:20',
        description: 'Пачка бюллетеней в урне',
      });
      await submit(observers[1] as { cookie: string }, 'incident', stations[2] as string, {
        category: 'other',
        severity: 'low',
        incident_time: '11:25',
        description: 'Очередь',
      });
      const critical = (await alerts()).items.filter((a) => a.kind === 'critical_incident');
      expect(critical).toHaveLength(1);
      expect(critical[0]?.stationId).toBe(stations[2]);
      const reportId = critical[0]?.reportId as string;
      expect(reportId).toEqual(expect.any(String));
      // A coordinator claims and verifies it in the queue: it is no longer an alert.
      const claimed = await t.request({
        method: 'POST',
        url: `/api/v1/reports/${reportId}/claim`,
        cookie: admin,
        body: {},
      });
      expect(claimed.statusCode).toBeLessThan(300);
      const decided = await t.request({
        method: 'POST',
        url: `/api/v1/reports/${reportId}/verification`,
        cookie: admin,
        body: { decision: 'verified', expectedRevision: 1, expectedStatus: 'pending' },
      });
      expect(decided.statusCode).toBeLessThan(300);
      expect((await alerts()).counts.critical_incident).toBe(0);

      // Two hours later (09:30 in Berlin) nobody has been heard from for over an hour.
      t.advance(120 * MINUTE);
      const silent = (await alerts()).items.filter((a) => a.kind === 'observer_silent');
      expect(silent.map((a) => a.observer?.id).sort()).toEqual(observers.map((o) => o.id).sort());
      // One observer's phone syncs: only the other stays silent.
      await t.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: observers[0]?.cookie });
      // Sessions rolled forward are written together about once a second (auth.service.ts).
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const still = (await alerts()).items.filter((a) => a.kind === 'observer_silent');
      expect(still.map((a) => a.observer?.id)).toEqual([observers[1]?.id]);
      // After polls close (20:00 Berlin = 19:00Z) no phone is silent.
      t.advance(11 * 60 * MINUTE);
      expect((await alerts()).counts.observer_silent).toBe(0);
    });

    it('the protocol is missing 3 hours after polls close; no figure is ever NaN', async () => {
      // 22:59 in Berlin (21:59Z): not yet; 23:00: due (Almaty's station has been due since 18:00Z). The
      // admin's session (12 hours idle) is kept alive on the way.
      t.advance(10 * 60 * MINUTE);
      await alerts();
      t.advance((5 * 60 + 59) * MINUTE);
      const before = await alerts();
      expect(before.items.filter((a) => a.kind === 'protocol_missing').map((a) => a.stationId)).toEqual([stations[2]]);
      t.advance(MINUTE);
      const after = await alerts();
      expect(after.counts.protocol_missing).toBe(2);
      expect(JSON.stringify(after)).not.toMatch(/NaN|Infinity/);
    });
  });

  describe('area scope', () => {
    it("each coordinator sees their area's alerts only", async () => {
      t = await startTestApp(getDb(), { TRUST_PROXY: 'true' });
      const w = await seedTwoRegions(t);
      // 11:00 in Almaty: the 10:00 turnout is missing at a2 and b1 (voting-day observers), not at
      // a1 (an opening observer only) nor b2 (nobody assigned).
      const of = async (cookie: string) => {
        const response = await t.request({ method: 'GET', url: `/api/v1/elections/${w.electionId}/alerts`, cookie });
        expect(response.statusCode).toBe(200);
        return (response.json().items as Alert[]).map((a) => `${a.kind}:${a.stationId}`).sort();
      };
      expect(await of(w.staff.coordinator.cookie)).toEqual(
        [`turnout_missing:${w.stations.a2}`, `turnout_missing:${w.stations.b1}`].sort(),
      );
      expect(await of(w.staff.rcA.cookie)).toEqual([`turnout_missing:${w.stations.a2}`]);
      expect(await of(w.staff.rcB.cookie)).toEqual([`turnout_missing:${w.stations.b1}`]);
      const counts = await t.request({
        method: 'GET',
        url: `/api/v1/elections/${w.electionId}/alerts`,
        cookie: w.staff.rcA.cookie,
      });
      expect(counts.json().open).toBe(1);
    });
  });
});
