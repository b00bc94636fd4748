import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { addDays, incidentCategories, localDateTime } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { newSessionToken, sha256 } from '../auth/tokens.ts';
import { SESSION_COOKIE } from '../http/request-context.ts';
import { REPORTS_CLOSE_AFTER_DAYS } from '../reports/ingest.service.ts';
import { PhotosService } from '../reports/photos.service.ts';
import { createBlobStore } from '../storage/blob-store.ts';
import { type DemoStation, REHEARSAL_SEED } from './demo-campaign.ts';
import { protocolPhoto } from './demo-png.ts';
import { DemoRandom, demoUuid } from './demo-random.ts';
import { findRehearsal } from './demo-rehearsal.ts';
import { demoForms, heldBackForReplay, incidentTexts } from './demo-reports.ts';
import { afterCount, closingAnswers, protocolAnswers, stationStory } from './demo-story.ts';
import { addMinutes, instantAt } from './demo-time.ts';

/** How the replay reaches the server: POST a JSON body with a session cookie and the site's Origin. */
export type ReplayPost = (path: string, body: unknown, cookie: string) => Promise<{ status: number; body: string }>;

/** A POST to a running server at `baseUrl`, as the field app sends it. */
export function httpPost(baseUrl: string): ReplayPost {
  const origin = new URL(baseUrl).origin;
  return async (path, body, cookie) => {
    const response = await fetch(new URL(path, baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, cookie },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.text() };
  };
}

export interface LiveReplayOptions {
  /** Reports to send at most (default 60). */
  count?: number;
  /** Pause between two reports (default 1,500 ms). */
  intervalMs?: number;
  /** Stops the replay (Ctrl-C). */
  signal?: AbortSignal;
  /** Where photos of protocol copies go: the server's DATA_DIR. */
  dataDir: string;
  log?: (line: string) => void;
}

export interface LiveReplayResult {
  sent: number;
  accepted: number;
  flagged: number;
  stopped: 'count' | 'signal';
}

interface Planned {
  observerId: string;
  station: DemoStation;
  kind: 'turnout' | 'closing' | 'protocol' | 'voting' | 'incident';
  id: string;
  answers: Record<string, unknown>;
  /** When the observer filled it in on the phone (voting day, local). */
  filled: { date: string; time: string };
  photo?: Buffer;
}

/**
 * Replays the rehearsal's voting day against a running server, one report every `intervalMs`:
 * first what the seed held back (late 20:00 turnout, closing checklists and protocol copies of the
 * stations whose count ran late, sent by phones that were offline), then fresh rounds of
 * observation and incidents. Each report goes through the server's own ingest over HTTP, so the
 * live page, counters, queue and alerts move as on a real night. Bounded by `count`; stops early on
 * `signal`. Observers are signed in by sessions made for the replay, ended when it stops.
 */
export async function replayLive(
  store: Store,
  post: ReplayPost,
  now: () => Date,
  options: LiveReplayOptions,
): Promise<LiveReplayResult> {
  const count = options.count ?? 60;
  const intervalMs = options.intervalMs ?? 1500;
  const log = options.log ?? (() => undefined);
  const election = await findRehearsal(store);
  if (!election) throw new DemoLiveError('there is no demo rehearsal: run `pollwatch seed demo` first');
  const today = localDateTime(now(), election.timeZone).date;
  const lastDay = addDays(election.votingDate, REPORTS_CLOSE_AFTER_DAYS);
  if (today > lastDay) {
    throw new DemoLiveError(
      `the rehearsal voted on ${election.votingDate} and took reports until ${lastDay}; ` +
        'run `pollwatch demo remove` and `pollwatch seed demo` for a fresh one',
    );
  }
  const forms = await demoForms(store, election.id);
  const stations = new Map(
    (await store.stations.listAll(election.id)).map((s): [string, DemoStation] => [
      s.id,
      {
        id: s.id,
        number: s.number,
        areaId: s.areaId,
        regionId: s.regionId,
        registeredVoters: s.registeredVoters ?? 1000,
        ramp: s.accessibility !== null,
      },
    ]),
  );
  const posts = (await store.assignments.list({ electionId: election.id }))
    .filter((a) => a.shift === 'voting_day')
    .map((a) => ({ observerId: a.observerId, station: stations.get(a.stationId) as DemoStation }))
    .filter((p) => p.station);
  if (posts.length === 0) throw new DemoLiveError('the rehearsal has no observers at stations');

  const day = election.votingDate;
  const random = new DemoRandom(REHEARSAL_SEED + 3);
  const queue: Planned[] = [];
  for (const { observerId, station } of posts) {
    if (!heldBackForReplay(station.number)) continue;
    const story = stationStory(station, REHEARSAL_SEED);
    const last = story.turnout[story.turnout.length - 1];
    if (last) {
      queue.push({
        observerId,
        station,
        kind: 'turnout',
        id: demoUuid(`${day}:report:turnout:${station.number}:${last.checkpoint}`),
        answers: { checkpoint_time: last.checkpoint, voters_received: last.voters, source: last.source },
        filled: { date: day, time: last.sentAt },
      });
    }
    const closed = afterCount(story, 8);
    queue.push({
      observerId,
      station,
      kind: 'closing',
      id: demoUuid(`${day}:report:closing:${station.number}`),
      answers: closingAnswers(story, random),
      filled: { date: closed.nextDay ? addDays(day, 1) : day, time: closed.time },
    });
    const counted = afterCount(story, 25);
    queue.push({
      observerId,
      station,
      kind: 'protocol',
      id: demoUuid(`${day}:report:protocol:${station.number}`),
      answers: protocolAnswers(story),
      filled: { date: counted.nextDay ? addDays(day, 1) : day, time: counted.time },
      photo: protocolPhoto(random),
    });
  }
  queue.sort((a, b) => (a.filled.date + a.filled.time < b.filled.date + b.filled.time ? -1 : 1));
  const pending: Planned[] = [];
  for (const p of queue) if (!(await store.reports.findReport(p.id))) pending.push(p);

  const blobs = createBlobStore(store, options.dataDir);
  const photos = new PhotosService(store, blobs, now);
  const sessions = new Map<string, { cookie: string; hash: string }>();
  const cookieOf = async (observerId: string) => {
    let session = sessions.get(observerId);
    if (!session) {
      const token = newSessionToken();
      session = { cookie: `${SESSION_COOKIE}=${token}`, hash: sha256(token) };
      const at = now();
      await store.sessions.create(session.hash, observerId, at, new Date(at.getTime() + 3600_000));
      sessions.set(observerId, session);
    }
    return session.cookie;
  };

  const result: LiveReplayResult = { sent: 0, accepted: 0, flagged: 0, stopped: 'count' };
  try {
    for (let i = 0; i < count; i++) {
      if (options.signal?.aborted) {
        result.stopped = 'signal';
        break;
      }
      const next = pending.shift() ?? freshReport(posts, random, day, i);
      const answers = { ...next.answers };
      if (next.photo) {
        const hash = createHash('sha256').update(next.photo).digest('hex');
        const user = await store.users.findById(next.observerId);
        if (user) {
          await photos.begin({ user, audited: true }, hash, next.photo.length);
          await photos.append({ user, audited: true }, hash, 0, Readable.from([next.photo]));
        }
        answers.protocol_photos = [hash];
      }
      const form = forms.byKind.get(next.kind);
      if (!form) continue;
      const response = await post(
        '/api/v1/reports',
        {
          id: next.id,
          revision: 1,
          stationId: next.station.id,
          formId: form.formId,
          formVersion: form.version,
          answers,
          clientTime: instantAt(next.filled.date, next.filled.time, election.timeZone).toISOString(),
        },
        await cookieOf(next.observerId),
      );
      result.sent += 1;
      if (response.status === 200) {
        result.accepted += 1;
        const flags = (JSON.parse(response.body) as { flags?: unknown[] }).flags ?? [];
        if (flags.length > 0) result.flagged += 1;
        log(`${next.kind} from station ${next.station.number}${flags.length ? ` (${flags.length} flag(s))` : ''}`);
      } else {
        log(`${next.kind} from station ${next.station.number}: refused ${response.status} ${response.body}`);
      }
      if (i < count - 1) await pause(intervalMs, options.signal);
    }
    if (options.signal?.aborted) result.stopped = 'signal';
  } finally {
    for (const s of sessions.values()) await store.sessions.delete(s.hash);
  }
  return result;
}

/** Once the held-back reports are in: a round of observation, now and then an incident. */
function freshReport(
  posts: { observerId: string; station: DemoStation }[],
  random: DemoRandom,
  day: string,
  i: number,
): Planned {
  const { observerId, station } = random.pick(posts);
  const time = addMinutes('18:30', random.int(90));
  if (i % 5 === 4) {
    const category = random.pick(incidentCategories);
    return {
      observerId,
      station,
      kind: 'incident',
      id: randomUUID(),
      answers: {
        category,
        severity: random.pick(['low', 'medium', 'high'] as const),
        incident_time: time,
        description: incidentTexts[category],
        complaint_filed: random.chance(0.5),
      },
      filled: { date: day, time: addMinutes(time, 5) },
    };
  }
  return {
    observerId,
    station,
    kind: 'voting',
    id: randomUUID(),
    answers: {
      visit: [
        {
          visit_time: time,
          voters_in_queue: random.int(30),
          secrecy_respected: !random.chance(0.05),
          id_checked: true,
          unauthorised_present: random.chance(0.08),
          observer_obstructed: random.chance(0.04),
        },
      ],
    },
    filled: { date: day, time: addMinutes(time, 3) },
  };
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The replay cannot run (no rehearsal, or its reports are closed): the message says what to do. */
export class DemoLiveError extends Error {}
