import {
  addDays,
  canonicalJson,
  DomainError,
  type FormDefinition,
  type FormKind,
  insidePhaseWindow,
  localDateTime,
  photoHashesOf,
  type ReportReceipt,
  refusingProblems,
  type SubmitReportBody,
  validateSubmission,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import type { Actor } from '../auth/actor.ts';
import { type Channel, type PreparedReport, rememberAnswers } from './report-batch.ts';
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
   * flags is harmless; the writes themselves never rely on this cache.
   */
  private readonly recent = new RecentCache(1000);

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
    const { prepared, stationNumber } = await this.prepare(actor, body, channel);
    const outcome = await this.writer.write(prepared);
    if ('refused' in outcome) {
      const { code, message, details } = outcome.refused;
      throw new DomainError(code, message, details);
    }
    if (outcome.fresh) {
      this.events.publish({
        type: 'report.accepted',
        electionId: prepared.electionId,
        reportId: outcome.receipt.id,
        revision: outcome.receipt.revision,
        stationId: prepared.station.id,
        stationNumber,
        formKind: prepared.formKind,
        flags: outcome.receipt.flags,
        at: outcome.receipt.receivedAt,
      });
    }
    return outcome.receipt;
  }

  /** Everything that needs no lock: the station, the form version, validation, the phase window. */
  private async prepare(
    actor: Actor,
    body: SubmitReportBody,
    channel: Channel,
  ): Promise<{ prepared: PreparedReport; stationNumber: number }> {
    const receivedAt = this.now();
    const station = await this.recent.get(`station:${body.stationId}`, () =>
      this.store.stations.findById(body.stationId),
    );
    if (!station) throw new DomainError('not_found', 'no such station', { field: 'stationId' });
    const election = await this.recent.get(`election:${station.electionId}`, () =>
      this.store.elections.findById(station.electionId),
    );
    if (!election) throw new DomainError('not_found', 'no such election');
    const zone = station.timeZone ?? election.timeZone;
    const today = localDateTime(receivedAt, zone).date;
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
    const filledAt = body.clientTime ? new Date(body.clientTime) : receivedAt;
    const { answers, ...rest } = body;
    const prepared: PreparedReport = {
      observerId: actor.user.id,
      electionId: election.id,
      station: { id: station.id, registeredVoters: station.registeredVoters },
      body: rest,
      answersJson: canonicalJson(answers),
      channel,
      formKind: form.kind,
      result: { problems: result.problems, flags: result.flags },
      photos: photoHashesOf(form.definition, body.answers),
      insideWindow: insidePhaseWindow(form.kind, localDateTime(filledAt, zone), election),
      receivedAt,
    };
    rememberAnswers(prepared, answers);
    return { prepared, stationNumber: station.number };
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

class RecentCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(private readonly ttlMs: number) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = performance.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    if (this.entries.size > 10_000) this.entries.clear();
    const value = load();
    this.entries.set(key, { at: now, value });
    // A failed read is not remembered.
    value.catch(() => this.entries.delete(key));
    return value;
  }
}
