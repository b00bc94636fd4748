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
  type ReportFlag,
  type ReportReceipt,
  refusingProblems,
  reportFlags,
  type Station,
  type SubmissionResult,
  type SubmitReportBody,
  validateSubmission,
} from '@pollwatch/core';
import type { Store, StoredRevision } from '@pollwatch/db';
import type { Actor } from '../auth/actor.ts';
import { nextChainHash } from './hash-chain.ts';
import type { ReportEvents } from './report-events.ts';

/** Reports are accepted until this many days after voting day (late protocol copies), then refused. */
export const REPORTS_CLOSE_AFTER_DAYS = 3;
/** Reports that arrive together are written in one transaction and one flush to disk. */
const MAX_BATCH = 256;

export type Channel = 'app' | 'sms' | 'telegram' | 'import';

interface Prepared {
  actor: Actor;
  body: SubmitReportBody;
  channel: Channel;
  election: Election;
  station: Station;
  formKind: FormKind;
  result: SubmissionResult;
  photos: string[];
  insideWindow: boolean;
  receivedAt: Date;
}

interface Pending {
  prepared: Prepared;
  resolve: (receipt: ReportReceipt) => void;
  reject: (error: unknown) => void;
}

/**
 * One pipeline for every channel: check, validate with the core engine, store once by the client's
 * UUID (a resend gets the original receipt), flag, append to the hash chain, notify the HQ.
 *
 * Durability with throughput: a report is acknowledged only after its transaction commits (SQLite
 * synchronous=FULL, PostgreSQL's default commit), and every report waiting when a transaction
 * starts joins it, so a busy moment costs one flush per group rather than one per report.
 */
export class IngestService {
  private readonly queue: Pending[] = [];
  private draining = false;
  /** Published form versions never change, so their parsed definitions can be kept. */
  private readonly forms = new Map<string, { definition: FormDefinition; kind: FormKind; electionId: string }>();
  /**
   * Stations and elections as read a moment ago: on voting day thousands of reports a second ask
   * for the same few records. A second's delay before an edit (registered voters) reaches the
   * flags is harmless; the writes themselves never rely on this cache.
   */
  private readonly recent = new RecentCache(1000);

  constructor(
    private readonly store: Store,
    private readonly events: ReportEvents,
    private readonly now: () => Date,
  ) {}

  async submit(actor: Actor, body: SubmitReportBody, channel: Channel = 'app'): Promise<ReportReceipt> {
    const prepared = await this.prepare(actor, body, channel);
    return new Promise<ReportReceipt>((resolve, reject) => {
      this.queue.push({ prepared, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Everything that needs no lock: the station, the form version, validation, the phase window. */
  private async prepare(actor: Actor, body: SubmitReportBody, channel: Channel): Promise<Prepared> {
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
    return {
      actor,
      body,
      channel,
      election,
      station,
      formKind: form.kind,
      result,
      photos: photoHashesOf(form.definition, body.answers),
      insideWindow: insidePhaseWindow(form.kind, localDateTime(filledAt, zone), election),
      receivedAt,
    };
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

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        const outcomes: ({ receipt: ReportReceipt; fresh: boolean } | { error: unknown })[] = [];
        try {
          await this.store.transaction(async (tx) => {
            let head = await tx.reports.lockChainHead();
            const writer = new BatchWriter(
              tx,
              batch.map((b) => b.prepared),
            );
            await writer.prefetch();
            for (const pending of batch) {
              try {
                const written = writer.canTakeFastPath(pending.prepared)
                  ? writer.add(pending.prepared, head)
                  : await (async () => {
                      // Corrections, resends and reports that read the station's history see
                      // everything written before them.
                      await writer.flush();
                      return this.write(tx, pending.prepared, head);
                    })();
                head = written.head;
                outcomes.push({ receipt: written.receipt, fresh: written.fresh });
              } catch (error) {
                // Only checks made before any write throw here, so the transaction is intact.
                if (!(error instanceof DomainError)) throw error;
                outcomes.push({ error });
              }
            }
            await writer.flush();
            await tx.reports.setChainHead(head);
          });
        } catch (error) {
          for (const pending of batch) pending.reject(error);
          continue;
        }
        batch.forEach((pending, i) => {
          const outcome = outcomes[i];
          if (!outcome || 'error' in outcome) {
            pending.reject(outcome?.error ?? new Error('ingest lost an outcome'));
            return;
          }
          pending.resolve(outcome.receipt);
          if (outcome.fresh) {
            const p = pending.prepared;
            this.events.publish({
              type: 'report.accepted',
              electionId: p.election.id,
              reportId: outcome.receipt.id,
              revision: outcome.receipt.revision,
              stationId: p.station.id,
              stationNumber: p.station.number,
              formKind: p.formKind,
              flags: outcome.receipt.flags,
              at: outcome.receipt.receivedAt,
            });
          }
        });
      }
    } finally {
      this.draining = false;
      if (this.queue.length > 0) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    }
  }

  private async write(tx: Store, p: Prepared, head: { seq: number; hash: string }) {
    const { body, actor } = p;
    const existing = await tx.reports.findReport(body.id);
    if (existing && existing.observerId !== actor.user.id) {
      // Someone else's UUID: refuse without saying whose it is.
      throw new DomainError('report_conflict', 'this report id is taken');
    }
    if (existing && (existing.stationId !== body.stationId || existing.formId !== body.formId)) {
      throw new DomainError('report_conflict', 'a revision must keep the station and form of its report');
    }
    const stored = existing ? await tx.reports.findRevision(body.id, body.revision) : undefined;
    if (stored) {
      if (stored.formVersion !== body.formVersion || canonicalJson(stored.answers) !== canonicalJson(body.answers)) {
        throw new DomainError('report_conflict', 'this revision was sent before with other answers');
      }
      return { receipt: await this.receipt(tx, body.id, stored), fresh: false, head };
    }
    const expected = existing ? existing.latestRevision + 1 : 1;
    if (body.revision !== expected) {
      throw new DomainError('report_conflict', `the next revision of this report is ${expected}`, { expected });
    }

    const assigned = await tx.assignments.isAssigned(actor.user.id, p.station.id);
    const turnout = p.formKind === 'turnout' ? await this.turnoutContext(tx, p) : undefined;
    const flags: ReportFlag[] = reportFlags({
      kind: p.formKind,
      result: p.result,
      assigned,
      insideWindow: p.insideWindow,
      ...(turnout ? { turnout } : {}),
    });
    if (p.formKind === 'protocol') await this.flagProtocolConflicts(tx, p, flags);

    const seq = head.seq + 1;
    const hash = nextChainHash(head.hash, chained(p));
    if (existing) {
      await tx.reports.updateLatest(body.id, body.revision, flags, p.receivedAt);
    } else {
      await tx.reports.insertReport(
        {
          id: body.id,
          electionId: p.election.id,
          stationId: p.station.id,
          formId: body.formId,
          formKind: p.formKind,
          observerId: actor.user.id,
          channel: p.channel,
          latestRevision: body.revision,
          flags,
        },
        p.receivedAt,
      );
    }
    const revision: StoredRevision = {
      reportId: body.id,
      revision: body.revision,
      formVersion: body.formVersion,
      answers: body.answers,
      photos: p.photos,
      flags,
      clientTime: body.clientTime ?? null,
      receivedAt: p.receivedAt,
      chainSeq: seq,
      chainHash: hash,
    };
    await tx.reports.insertRevision(revision);
    return { receipt: await this.receipt(tx, body.id, revision), fresh: true, head: { seq, hash } };
  }

  private async receipt(tx: Store, reportId: string, r: StoredRevision): Promise<ReportReceipt> {
    const complete = r.photos.length ? await tx.reports.completePhotos(r.photos) : new Set<string>();
    return {
      id: reportId,
      revision: r.revision,
      status: 'accepted',
      flags: r.flags,
      missingPhotos: r.photos.filter((h) => !complete.has(h)),
      receivedAt: r.receivedAt.toISOString(),
      chainSeq: r.chainSeq,
      chainHash: r.chainHash,
    };
  }

  private async turnoutContext(tx: Store, p: Prepared) {
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    const earlier = (await tx.reports.latestAnswers(p.station.id, 'turnout'))
      .filter((r) => r.reportId !== p.body.id)
      .map((r) => ({ checkpoint: str(r.answers.checkpoint_time), voters: num(r.answers.voters_received) }))
      .filter((r): r is { checkpoint: string; voters: number } => r.checkpoint !== null && r.voters !== null);
    return {
      checkpoint: str(p.body.answers.checkpoint_time),
      voters: num(p.body.answers.voters_received),
      registered: p.station.registeredVoters,
      earlier,
    };
  }

  /** Two observers' different protocol copies of one station: both kept, both flagged. */
  private async flagProtocolConflicts(tx: Store, p: Prepared, flags: ReportFlag[]) {
    const others = (await tx.reports.latestAnswers(p.station.id, 'protocol')).filter(
      (r) => r.reportId !== p.body.id && r.observerId !== p.actor.user.id,
    );
    const mine = canonicalJson(withoutPhotos(p.body.answers));
    const differing = others.filter((r) => canonicalJson(withoutPhotos(r.answers)) !== mine);
    if (differing.length === 0) return;
    flags.push({ code: 'protocol_conflict' });
    for (const other of differing) {
      const report = await tx.reports.findReport(other.reportId);
      if (report && !report.flags.some((f) => f.code === 'protocol_conflict')) {
        await tx.reports.addFlag(report.id, [...report.flags, { code: 'protocol_conflict' }], p.receivedAt);
      }
    }
  }
}

/**
 * The common case on voting day — a new report of a kind that does not read the station's
 * history — costs no query of its own: existing ids, assignments and finished photos are fetched
 * for the whole batch, and new reports and revisions are inserted many rows at a time.
 */
class BatchWriter {
  private existingIds = new Set<string>();
  private assigned = new Set<string>();
  private completePhotos = new Set<string>();
  private readonly inBatch = new Set<string>();
  private pendingReports: Parameters<Store['reports']['insertReports']>[0] = [];
  private pendingRevisions: StoredRevision[] = [];

  constructor(
    private readonly tx: Store,
    private readonly items: Prepared[],
  ) {}

  async prefetch(): Promise<void> {
    const [existing, assigned, photos] = await Promise.all([
      this.tx.reports.existingIds(this.items.map((p) => p.body.id)),
      this.tx.assignments.assignedPairs(
        this.items.map((p) => ({ observerId: p.actor.user.id, stationId: p.station.id })),
      ),
      this.tx.reports.completePhotos([...new Set(this.items.flatMap((p) => p.photos))]),
    ]);
    this.existingIds = existing;
    this.assigned = assigned;
    this.completePhotos = photos;
  }

  canTakeFastPath(p: Prepared): boolean {
    return (
      p.body.revision === 1 &&
      !this.existingIds.has(p.body.id) &&
      !this.inBatch.has(p.body.id) &&
      p.formKind !== 'turnout' &&
      p.formKind !== 'protocol'
    );
  }

  add(p: Prepared, head: { seq: number; hash: string }) {
    const { body, actor } = p;
    this.inBatch.add(body.id);
    const flags = reportFlags({
      kind: p.formKind,
      result: p.result,
      assigned: this.assigned.has(`${actor.user.id}:${p.station.id}`),
      insideWindow: p.insideWindow,
    });
    const seq = head.seq + 1;
    const hash = nextChainHash(head.hash, chained(p));
    this.pendingReports.push({
      id: body.id,
      electionId: p.election.id,
      stationId: p.station.id,
      formId: body.formId,
      formKind: p.formKind,
      observerId: actor.user.id,
      channel: p.channel,
      latestRevision: 1,
      flags,
      createdAt: p.receivedAt,
    });
    const revision: StoredRevision = {
      reportId: body.id,
      revision: 1,
      formVersion: body.formVersion,
      answers: body.answers,
      photos: p.photos,
      flags,
      clientTime: body.clientTime ?? null,
      receivedAt: p.receivedAt,
      chainSeq: seq,
      chainHash: hash,
    };
    this.pendingRevisions.push(revision);
    const receipt: ReportReceipt = {
      id: body.id,
      revision: 1,
      status: 'accepted',
      flags,
      missingPhotos: p.photos.filter((h) => !this.completePhotos.has(h)),
      receivedAt: p.receivedAt.toISOString(),
      chainSeq: seq,
      chainHash: hash,
    };
    return { receipt, fresh: true, head: { seq, hash } };
  }

  async flush(): Promise<void> {
    if (this.pendingReports.length === 0) return;
    await this.tx.reports.insertReports(this.pendingReports);
    await this.tx.reports.insertRevisions(this.pendingRevisions);
    for (const r of this.pendingReports) this.existingIds.add(r.id);
    this.pendingReports = [];
    this.pendingRevisions = [];
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

/** What the chain covers of a prepared report. */
function chained(p: Prepared) {
  return {
    reportId: p.body.id,
    revision: p.body.revision,
    electionId: p.election.id,
    stationId: p.station.id,
    formId: p.body.formId,
    formVersion: p.body.formVersion,
    observerId: p.actor.user.id,
    answers: p.body.answers,
    photos: p.photos,
    receivedAt: p.receivedAt.toISOString(),
  };
}

/** Copies of one protocol differ in their numbers, not in who photographed it. */
function withoutPhotos(answers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(answers).filter(
      ([, v]) => !(Array.isArray(v) && v.every((x) => typeof x === 'string' && /^[0-9a-f]{64}$/.test(x))),
    ),
  );
}
