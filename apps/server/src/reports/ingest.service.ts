import {
  addDays,
  canonicalJson,
  DomainError,
  type Election,
  type FormDefinition,
  type FormKind,
  insidePhaseWindow,
  localDateTime,
  photoHashesOf,
  type ReportReceipt,
  refusingProblems,
  type Station,
  type SubmitReportBody,
  validateSubmission,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import type { Actor } from '../auth/actor.ts';
import { acceptedEvent, type Channel, type PreparedReport, rememberAnswers } from './report-batch.ts';
import type { ReportEvents } from './report-events.ts';
import { type ReportWriter, reportWriterFor } from './report-writer.ts';

export type { Channel } from './report-batch.ts';

/** Reports are accepted until this many days after voting day (late protocol copies), then refused. */
export const REPORTS_CLOSE_AFTER_DAYS = 3;
/**
 * One pipeline for every channel: check, validate with the core engine, store once by the client's
 * UUID (a resend gets the original receipt), flag, append to the hash chain, notify the HQ.
 *
 * Durability with throughput: a report is acknowledged only after its transaction commits (SQLite
 * synchronous=FULL, PostgreSQL's default commit), and every report waiting when a transaction
 * starts joins it, so a busy moment costs one flush per group rather than one per report.
 */
export class IngestService {
  /** Published form versions never change, so their parsed definitions can be kept. */
  private readonly forms = new Map<string, { definition: FormDefinition; kind: FormKind; electionId: string }>();
  /**
   * Stations and elections as read a moment ago: on voting day thousands of reports a second ask
   * for the same few records. A second's delay before an edit (registered voters) reaches the
   * flags is harmless; the writes themselves never rely on this cache. Every entry is forgotten
   * at the same moment, and what is missing in one turn of the event loop is read with one query:
   * the stations reporting in a busy second cost a few queries, not one each (on PostgreSQL each
   * query of the request thread was a round trip and two system calls).
   */
  private readonly stations = new RecentRecords<Station>(1000, (ids) => this.store.stations.findByIds(ids));
  private readonly elections = new RecentRecords<Election>(1000, async (ids) =>
    (await Promise.all(ids.map((id) => this.store.elections.findById(id)))).filter((e) => e !== undefined),
  );

  private readonly writer: ReportWriter;

  constructor(
    private readonly store: Store,
    private readonly events: ReportEvents,
    private readonly now: () => Date,
    writer?: ReportWriter,
  ) {
    this.writer = writer ?? reportWriterFor(store);
  }

  /** Starts the writer (its own thread for SQLite in a file) before the first report arrives. */
  start(): Promise<void> {
    return this.writer.start();
  }

  /** Stops the writer thread, if there is one; reports still queued are refused. */
  close(): Promise<void> {
    return this.writer.close();
  }

  async submit(actor: Actor, body: SubmitReportBody, channel: Channel = 'app'): Promise<ReportReceipt> {
    const prepared = await this.prepare(actor, body, channel);
    const outcome = await this.writer.write(prepared);
    if ('refused' in outcome) {
      const { code, message, details } = outcome.refused;
      throw new DomainError(code, message, details);
    }
    if (outcome.fresh) {
      const event = acceptedEvent(prepared, outcome.receipt);
      if (outcome.announced) this.events.announced(event);
      else this.events.publish(event);
    }
    return outcome.receipt;
  }

  /** Everything that needs no lock: the station, the form version, validation, the phase window. */
  private async prepare(actor: Actor, body: SubmitReportBody, channel: Channel): Promise<PreparedReport> {
    const receivedAt = this.now();
    const station = await this.stations.get(body.stationId);
    if (!station) throw new DomainError('not_found', 'no such station', { field: 'stationId' });
    const election = await this.elections.get(station.electionId);
    if (!election) throw new DomainError('not_found', 'no such election');
    const zone = station.timeZone ?? election.timeZone;
    const received = localDateTime(receivedAt, zone);
    const today = received.date;
    if (today > addDays(election.votingDate, REPORTS_CLOSE_AFTER_DAYS)) {
      throw new DomainError('election_closed', 'reports for this election are closed');
    }
    const form = await this.formVersion(body.formId, body.formVersion);
    if (form.electionId !== election.id) {
      throw new DomainError('validation_failed', 'the form is not a form of this election', [
        { in: 'body', path: '/formId', keyword: 'election' },
      ]);
    }
    const facts = { registeredVoters: station.registeredVoters, number: String(station.number) };
    const result = validateSubmission(form.definition, body.answers, { station: facts });
    const refused = refusingProblems(result);
    if (refused.length) throw new DomainError('report_invalid', 'answers do not match the form', { problems: refused });
    const { answers, clientTime } = body;
    const prepared: PreparedReport = {
      observerId: actor.user.id,
      electionId: election.id,
      station: { id: station.id, registeredVoters: station.registeredVoters, number: station.number },
      // Field by field: a copy by rest (`{ answers, ...rest }`) is a slow dictionary object, and
      // this one is stringified on its way to the writer's thread.
      body: {
        id: body.id,
        revision: body.revision,
        stationId: body.stationId,
        formId: body.formId,
        formVersion: body.formVersion,
        ...(clientTime === undefined ? {} : { clientTime }),
      },
      answersJson: canonicalJson(answers),
      channel,
      formKind: form.kind,
      result: { problems: result.problems, flags: result.flags },
      photos: photoHashesOf(form.definition, answers),
      insideWindow: insidePhaseWindow(
        form.kind,
        clientTime ? localDateTime(new Date(clientTime), zone) : received,
        election,
      ),
      receivedAt,
    };
    // A writer on another thread gets the answers as text and parses them only if it must.
    if (this.writer.sameThread) rememberAnswers(prepared, answers);
    return prepared;
  }

  private async formVersion(formId: string, version: number) {
    const key = `${formId}:${version}`;
    const cached = this.forms.get(key);
    if (cached) return cached;
    const [form, stored] = await Promise.all([
      this.store.forms.findById(formId),
      this.store.forms.version(formId, version),
    ]);
    if (!form || !stored || stored.status !== 'published') {
      throw new DomainError('validation_failed', 'no such published form version', [
        { in: 'body', path: '/formVersion', keyword: 'published' },
      ]);
    }
    const entry = { definition: stored.definition as FormDefinition, kind: form.kind, electionId: form.electionId };
    this.forms.set(key, entry);
    return entry;
  }
}

/**
 * Records by id as read during the current period of `ttlMs` (all are forgotten when it ends, so
 * none is older than that). Ids asked for in one turn of the event loop and not known are read
 * together, with one call of `loadMany`; an id it does not return is remembered as missing, and a
 * failed read is not remembered.
 */
export class RecentRecords<T extends { id: string }> {
  private period = -1;
  private readonly entries = new Map<string, Promise<T | undefined>>();
  /** Ids to read at the end of this turn (not yet read, so whatever they hold is fresh). */
  private waiting = new Map<
    string,
    { value: Promise<T | undefined>; resolve: (r: T | undefined) => void; reject: (e: unknown) => void }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly loadMany: (ids: string[]) => Promise<T[]>,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  get(id: string): Promise<T | undefined> {
    const period = Math.floor(this.clock() / this.ttlMs);
    if (period !== this.period || this.entries.size > 10_000) {
      this.period = period;
      this.entries.clear();
    }
    const hit = this.entries.get(id) ?? this.waiting.get(id)?.value;
    if (hit) return hit;
    if (this.waiting.size === 0) setImmediate(() => void this.load());
    let settle: { resolve: (r: T | undefined) => void; reject: (e: unknown) => void } | undefined;
    const value = new Promise<T | undefined>((resolve, reject) => {
      settle = { resolve, reject };
    });
    if (settle) this.waiting.set(id, { value, ...settle });
    this.entries.set(id, value);
    value.catch(() => {
      if (this.entries.get(id) === value) this.entries.delete(id);
    });
    return value;
  }

  private async load(): Promise<void> {
    const waiting = this.waiting;
    this.waiting = new Map();
    try {
      const ids = [...waiting.keys()];
      const chunks: string[][] = [];
      // Well under SQLite's limit of bound values per statement.
      for (let i = 0; i < ids.length; i += 1000) chunks.push(ids.slice(i, i + 1000));
      const found = new Map((await Promise.all(chunks.map(this.loadMany))).flat().map((r) => [r.id, r]));
      for (const [id, w] of waiting) w.resolve(found.get(id));
    } catch (error) {
      for (const w of waiting.values()) w.reject(error);
    }
  }
}
