import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { addDays, type FormKind, incidentCategories, type ReportReceipt, type SubmitReportBody } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import type { Actor } from '../auth/actor.ts';
import { IngestService } from '../reports/ingest.service.ts';
import { PhotosService } from '../reports/photos.service.ts';
import { ReportEvents } from '../reports/report-events.ts';
import { createBlobStore } from '../storage/blob-store.ts';
import { type DemoStation, REHEARSAL_SEED, REHEARSAL_ZONE, type Rehearsal } from './demo-campaign.ts';
import { protocolPhoto, scenePhoto } from './demo-png.ts';
import { DemoRandom, demoUuid } from './demo-random.ts';
import { afterCount, closingAnswers, protocolAnswers, type StationStory, stationStory } from './demo-story.ts';
import { addMinutes, instantAt } from './demo-time.ts';

/** Covered stations whose count ended late: their 20:00 turnout, closing and protocol wait for `demo live`. */
export function heldBackForReplay(stationNumber: number): boolean {
  return stationNumber % 9 === 4;
}

export const incidentTexts: Record<(typeof incidentCategories)[number], string> = {
  ballot_stuffing: 'Член комиссии опустил в ящик пачку бюллетеней (демо).',
  carousel_voting: 'Одни и те же люди голосуют второй раз, их привозит автобус (демо).',
  group_voting: 'Семья голосует вместе в одной кабине (демо).',
  pressure_on_voters: 'Работников предприятия просят сфотографировать бюллетень (демо).',
  observer_obstructed: 'Наблюдателя попросили выйти из помещения на время подсчёта (демо).',
  secrecy_broken: 'Кабина стоит так, что видно, как отмечают бюллетень (демо).',
  voter_list_problems: 'Избирателей нет в списке, их вписывают от руки (демо).',
  unauthorised_persons: 'На участке находятся посторонние, не члены комиссии (демо).',
  campaigning_on_voting_day: 'У входа раздают листовки кандидата (демо).',
  other: 'Отключили свет на полчаса (демо).',
};

export interface DemoForms {
  byKind: Map<FormKind, { formId: string; version: number }>;
}

export async function demoForms(store: Store, electionId: string): Promise<DemoForms> {
  const byKind = new Map<FormKind, { formId: string; version: number }>();
  for (const form of await store.forms.listByElection(electionId)) {
    const published = (await store.forms.versions(form.id)).filter((v) => v.status === 'published');
    const latest = published.sort((a, b) => b.version - a.version)[0];
    if (latest && !byKind.has(form.kind)) byKind.set(form.kind, { formId: form.id, version: latest.version });
  }
  return { byKind };
}

/** Sends reports through the real ingest pipeline with the demo's clock set to when each was sent. */
class DemoSender {
  private clock = new Date(0);
  readonly ingest: IngestService;
  readonly photos: PhotosService;
  private readonly actors = new Map<string, Actor>();
  private batch: Promise<ReportReceipt>[] = [];
  readonly sent = new Map<string, number>();
  photoCount = 0;

  constructor(
    private readonly store: Store,
    private readonly forms: DemoForms,
    private readonly votingDate: string,
    dataDir: string,
  ) {
    this.ingest = new IngestService(store, new ReportEvents(), () => this.clock);
    this.photos = new PhotosService(store, createBlobStore(store, dataDir), () => this.clock);
  }

  async actor(userId: string): Promise<Actor> {
    let actor = this.actors.get(userId);
    if (!actor) {
      const user = await this.store.users.findById(userId);
      if (!user) throw new Error(`demo: no account ${userId}`);
      actor = { user, audited: true };
      this.actors.set(userId, actor);
    }
    return actor;
  }

  at(date: string, time: string): Date {
    return instantAt(date, time, REHEARSAL_ZONE);
  }

  /** Uploads a photo as the observer's phone does (announce, then the bytes) and returns its hash. */
  async photo(observerId: string, bytes: Buffer, date: string, time: string): Promise<string> {
    const hash = sha256Bytes(bytes);
    this.clock = this.at(date, time);
    const actor = await this.actor(observerId);
    await this.photos.begin(actor, hash, bytes.length);
    await this.photos.append(actor, hash, 0, Readable.from([bytes]));
    this.photoCount += 1;
    return hash;
  }

  /** Queues one report received at local `date` `time`; `flush` waits for the queued ones. */
  async send(
    observerId: string,
    station: DemoStation,
    kind: FormKind,
    name: string,
    answers: Record<string, unknown>,
    date: string,
    time: string,
  ): Promise<void> {
    const form = this.forms.byKind.get(kind);
    if (!form) throw new Error(`demo: the election has no published ${kind} form`);
    const actor = await this.actor(observerId);
    const body: SubmitReportBody = {
      id: demoUuid(`${this.votingDate}:report:${name}`),
      revision: 1,
      stationId: station.id,
      formId: form.formId,
      formVersion: form.version,
      answers,
    };
    this.clock = this.at(date, time);
    // The ingest reads the clock as the call starts, so each report keeps its own time.
    this.batch.push(this.ingest.submit(actor, body));
    this.sent.set(kind, (this.sent.get(kind) ?? 0) + 1);
    if (this.batch.length >= 200) await this.flush();
  }

  async flush(): Promise<void> {
    const pending = this.batch;
    this.batch = [];
    await Promise.all(pending);
  }
}

function sha256Bytes(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface DemoReportsResult {
  byKind: Record<string, number>;
  photos: number;
}

/**
 * The rehearsal's reports, sent through the ingest pipeline in the order they would have come in:
 * readiness visits over the monitoring period, then voting day from the opening to the protocols
 * after midnight. Flags, the hash chain and the verification queue are the pipeline's own.
 */
export async function sendRehearsalReports(store: Store, r: Rehearsal, dataDir: string): Promise<DemoReportsResult> {
  const forms = await demoForms(store, r.electionId);
  const sender = new DemoSender(store, forms, r.votingDate, dataDir);
  await sender.ingest.start();
  try {
    await sendAll(sender, r);
  } finally {
    await sender.flush().catch(() => undefined);
    await sender.ingest.close();
  }
  return { byKind: Object.fromEntries(sender.sent), photos: sender.photoCount };
}

async function sendAll(sender: DemoSender, r: Rehearsal): Promise<void> {
  const random = new DemoRandom(REHEARSAL_SEED + 1);
  const day = r.votingDate;
  const nextDay = addDays(day, 1);
  const stationById = new Map(r.stations.map((s) => [s.id, s]));
  const posted = r.observers.filter((o) => o.stationId);
  const reserve = r.observers.filter((o) => !o.stationId);
  const story = new Map<string, StationStory>();
  for (const o of posted)
    story.set(
      o.stationId as string,
      stationStory(stationById.get(o.stationId as string) as DemoStation, REHEARSAL_SEED),
    );

  // Readiness: most planned visits happened, on their day; a few found problems.
  const visits = r.visits;
  let readinessIndex = 0;
  for (const o of posted) {
    const station = stationById.get(o.stationId as string) as DemoStation;
    const visitDate = visits.get(o.id);
    if (!visitDate || !random.chance(0.82)) continue;
    readinessIndex += 1;
    const time = addMinutes('10:00', random.int(420));
    const commission = random.chance(0.95);
    const accessible = station.ramp ? !random.chance(0.05) : random.chance(0.2);
    const answers: Record<string, unknown> = {
      check_date: visitDate,
      station_open: !random.chance(0.04),
      commission_present: commission,
      ...(commission ? { members_present: random.between(3, 11) } : {}),
      voter_lists_available: !random.chance(0.07),
      candidate_info_posted: !random.chance(0.1),
      booths_in_place: !random.chance(0.04),
      boxes_in_place: !random.chance(0.02),
      accessible,
      cameras: random.chance(0.08) ? 'no' : random.chance(0.2) ? 'not_required' : 'yes',
      premises_fit: !random.chance(0.07),
    };
    if (!accessible) answers.remarks = 'Нет пандуса, вход по ступенькам (демо).';
    // Two observers skipped a required question: the ingest flags it.
    if (readinessIndex % 97 === 13) delete answers.cameras;
    if (random.chance(0.15)) answers.photos = [await sender.photo(o.id, scenePhoto(random), visitDate, time)];
    await sender.send(o.id, station, 'readiness', `readiness:${station.number}`, answers, visitDate, time);
  }
  // A readiness check filed on voting day itself (outside its window) and one at a station not the observer's.
  const late = posted[3];
  if (late?.stationId) {
    const station = stationById.get(late.stationId) as DemoStation;
    await sender.send(
      late.id,
      station,
      'readiness',
      `readiness-late:${station.number}`,
      readinessAllGood(day),
      day,
      '06:10',
    );
  }
  const stray = reserve[13];
  if (stray) {
    const station = r.stations[17] as DemoStation;
    const date = addDays(day, -3);
    await sender.send(
      stray.id,
      station,
      'readiness',
      `readiness-stray:${station.number}`,
      readinessAllGood(date),
      date,
      '15:30',
    );
  }
  await sender.flush();

  // Opening.
  for (const o of posted) {
    const s = story.get(o.stationId as string) as StationStory;
    const station = stationById.get(o.stationId as string) as DemoStation;
    if (!random.chance(0.94)) continue; // silent stations: the alerts' business
    const answers: Record<string, unknown> = {
      arrival_time: s.arrival,
      admitted: s.admitted,
      ...(s.admitted
        ? {
            opened_on_time: s.openedOnTime,
            ...(s.openedOnTime ? {} : { opening_time: s.openingTime }),
            boxes_empty_sealed: s.sealed,
            ballots_announced: s.received,
          }
        : {}),
    };
    if (!s.admitted) answers.remarks = 'Председатель не пустил на участок до 8:00 (демо).';
    if (random.chance(0.08)) answers.photos = [await sender.photo(o.id, scenePhoto(random), day, '07:20')];
    await sender.send(o.id, station, 'opening', `opening:${station.number}`, answers, day, addMinutes(s.arrival, 45));
  }
  await sender.flush();

  // Turnout at each checkpoint, one checkpoint at a time (a decrease is judged against what came before).
  const checkpoints = [...(story.values().next().value?.turnout ?? [])].map((t) => t.checkpoint);
  for (const [i, checkpoint] of checkpoints.entries()) {
    for (const o of posted) {
      const s = story.get(o.stationId as string) as StationStory;
      const station = stationById.get(o.stationId as string) as DemoStation;
      const t = s.turnout[i];
      if (!t) continue;
      if (checkpoint === '20:00' && heldBackForReplay(station.number)) continue;
      // Every 41st station's observer wrote 14:00's figure too low: lower than at 12:00.
      const voters =
        checkpoint === '14:00' && station.number % 41 === 7 ? Math.round((s.turnout[0]?.voters ?? 0) / 2) : t.voters;
      await sender.send(
        o.id,
        station,
        'turnout',
        `turnout:${station.number}:${checkpoint}`,
        { checkpoint_time: checkpoint, voters_received: voters, source: t.source },
        day,
        t.sentAt,
      );
    }
    await sender.flush();
  }

  // Rounds of observation during the day.
  for (const o of posted) {
    if (!random.chance(0.5)) continue;
    const station = stationById.get(o.stationId as string) as DemoStation;
    const rounds = random.between(1, 3);
    const visit = Array.from({ length: rounds }, (_, k) => ({
      visit_time: addMinutes('09:00', k * 180 + random.int(90)),
      voters_in_queue: random.int(25),
      secrecy_respected: !random.chance(0.04),
      id_checked: !random.chance(0.05),
      unauthorised_present: random.chance(0.06),
      observer_obstructed: random.chance(0.03),
    }));
    const last = visit[visit.length - 1]?.visit_time ?? '12:00';
    await sender.send(o.id, station, 'voting', `voting:${station.number}`, { visit }, day, addMinutes(last, 5));
  }
  await sender.flush();

  // Incidents across the day, some with photos; one from an observer away from their own station.
  const incidentStations = posted.filter((_, i) => i % 7 === 2).slice(0, 44);
  for (const [k, o] of incidentStations.entries()) {
    const station = stationById.get(o.stationId as string) as DemoStation;
    const category = incidentCategories[k % incidentCategories.length] as (typeof incidentCategories)[number];
    const time = addMinutes('08:00', random.int(700));
    const severity =
      category === 'ballot_stuffing' || category === 'carousel_voting'
        ? 'high'
        : random.pick(['low', 'medium', 'medium', 'high'] as const);
    const answers: Record<string, unknown> = {
      category,
      severity,
      incident_time: time,
      description: incidentTexts[category],
      complaint_filed: random.chance(0.5),
    };
    if (random.chance(0.4)) answers.evidence = [await sender.photo(o.id, scenePhoto(random), day, time)];
    await sender.send(o.id, station, 'incident', `incident:${station.number}:${k}`, answers, day, addMinutes(time, 6));
  }
  const wanderer = reserve[12];
  if (wanderer) {
    const station = r.stations[40] as DemoStation;
    await sender.send(
      wanderer.id,
      station,
      'incident',
      `incident-wanderer:${station.number}`,
      {
        category: 'campaigning_on_voting_day',
        severity: 'low',
        incident_time: '11:40',
        description: incidentTexts.campaigning_on_voting_day,
        complaint_filed: false,
      },
      day,
      '11:45',
    );
  }
  await sender.flush();

  // Closing and counting, then the protocol copies with their photos.
  for (const o of posted) {
    const station = stationById.get(o.stationId as string) as DemoStation;
    if (heldBackForReplay(station.number)) continue;
    const s = story.get(station.id) as StationStory;
    const sent = afterCount(s, 8);
    await sender.send(
      o.id,
      station,
      'closing',
      `closing:${station.number}`,
      closingAnswers(s, random),
      sent.nextDay ? nextDay : day,
      sent.time,
    );
  }
  await sender.flush();
  for (const o of posted) {
    const station = stationById.get(o.stationId as string) as DemoStation;
    if (heldBackForReplay(station.number)) continue;
    const s = story.get(station.id) as StationStory;
    const sent = afterCount(s, 25);
    const date = sent.nextDay ? nextDay : day;
    const photo = await sender.photo(o.id, protocolPhoto(random), date, sent.time);
    await sender.send(
      o.id,
      station,
      'protocol',
      `protocol:${station.number}`,
      { ...protocolAnswers(s), protocol_photos: [photo] },
      date,
      sent.time,
    );
  }
  await sender.flush();

  // Second copies from the reserve: most agree, five move votes between candidates (conflicts).
  for (const [k, copy] of r.secondCopies.entries()) {
    const station = stationById.get(copy.stationId) as DemoStation;
    const s = story.get(station.id);
    if (!s || heldBackForReplay(station.number)) continue;
    const answers: Record<string, unknown> = protocolAnswers(s);
    if (k % 2 === 0 && k < 10) {
      const moved = 40 + k * 9;
      answers.option_tokayev = (answers.option_tokayev as number) - moved;
      answers.option_against_all = (answers.option_against_all as number) + moved;
    }
    const sent = afterCount(s, 40);
    const date = sent.nextDay ? nextDay : day;
    answers.protocol_photos = [await sender.photo(copy.observerId, protocolPhoto(random), date, sent.time)];
    await sender.send(
      copy.observerId,
      station,
      'protocol',
      `protocol-second:${station.number}`,
      answers,
      date,
      sent.time,
    );
  }
  await sender.flush();
}

function readinessAllGood(date: string): Record<string, unknown> {
  return {
    check_date: date,
    station_open: true,
    commission_present: true,
    members_present: 7,
    voter_lists_available: true,
    candidate_info_posted: true,
    booths_in_place: true,
    boxes_in_place: true,
    accessible: true,
    cameras: 'yes',
    premises_fit: true,
  };
}
