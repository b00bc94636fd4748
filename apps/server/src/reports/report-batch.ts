import {
  type ChainedRevision,
  canonicalJson,
  chainPayloadOf,
  DomainError,
  type ErrorCode,
  type FormKind,
  type ReportFlag,
  type ReportReceipt,
  reportFlags,
  type SubmissionResult,
  type SubmitReportBody,
} from '@pollwatch/core';
import { MAX_BROADCAST_BYTES, type NewRevision, type Store, type StoredRevision } from '@pollwatch/db';
import { chainHashOf } from './hash-chain.ts';
import type { ReportAcceptedEvent } from './report-events.ts';

export type Channel = 'app' | 'sms' | 'telegram' | 'import';

/**
 * A report checked and validated, ready to be written: only what writing needs, as plain data,
 * because it crosses to the writer's thread.
 */
export interface PreparedReport {
  observerId: string;
  electionId: string;
  station: { id: string; registeredVoters: number | null; number: number };
  /** The report as sent, but its answers: those are `answersJson`. */
  body: Omit<SubmitReportBody, 'answers'>;
  /**
   * The answers as canonical JSON, made once on the request thread: the hash chain covers this
   * text and the revision stores it, so the writer neither parses nor serializes them again
   * (only corrections and the kinds that read the station's history parse them, `answersOf`).
   */
  answersJson: string;
  channel: Channel;
  formKind: FormKind;
  result: Pick<SubmissionResult, 'problems' | 'flags'>;
  photos: string[];
  insideWindow: boolean;
  receivedAt: Date;
}

/**
 * What became of one report of a batch: its receipt (fresh: first time written) or a refusal.
 * Announced: its `report.accepted` event went to every server process with the transaction.
 */
export type BatchOutcome =
  | { receipt: ReportReceipt; fresh: boolean; announced?: boolean }
  | { refused: { code: ErrorCode; message: string; details?: unknown } };

/**
 * Sends events (JSON, one line each) to every server process within the transaction `tx`, so that
 * they go out when it commits and not at all if it does not (PostgreSQL's NOTIFY).
 */
export type Announce = (tx: Store, payloads: string[]) => Promise<void>;

/** The live views' event for a report just written. */
export function acceptedEvent(p: PreparedReport, receipt: ReportReceipt): ReportAcceptedEvent {
  return {
    type: 'report.accepted',
    electionId: p.electionId,
    reportId: receipt.id,
    revision: receipt.revision,
    stationId: p.station.id,
    stationNumber: p.station.number,
    formKind: p.formKind,
    flags: receipt.flags,
    at: receipt.receivedAt,
  };
}

/**
 * Writes a batch of prepared reports in one transaction (one flush to disk for all of them):
 * exactly once by client UUID, flags that need the station's history, the hash chain. A report
 * refused here (someone else's UUID, a skipped revision) is refused alone; any other error
 * rolls the whole batch back and is thrown.
 */
export async function writeReportBatch(
  store: Store,
  batch: readonly PreparedReport[],
  announce?: Announce,
  options: WriteOptions = {},
): Promise<BatchOutcome[]> {
  const attempts = options.attempts ?? WRITE_ATTEMPTS;
  // Reports that join once the head is taken stay in the batch if it is tried again.
  const all = [...batch];
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeBatchOnce(store, all, announce, options.first, options.join);
    } catch (error) {
      if (attempt >= attempts || !isTransientConflict(error)) throw error;
      // Nothing of the failed attempt was kept (one transaction): the retry writes every report
      // anew, after the chain head as it is then, so the chain stays whole and no report is
      // written twice. The pause, random, keeps two retrying transactions from meeting again.
      options.onRetry?.(attempt, error);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * RETRY_PAUSE_MS * attempt));
    }
  }
}

/** How many times a batch is tried when the database gives up on its transaction (a deadlock). */
export const WRITE_ATTEMPTS = 5;
const RETRY_PAUSE_MS = 20;

export interface WriteOptions {
  /** Tries in all (WRITE_ATTEMPTS by default). */
  attempts?: number;
  /** Told of each failed try that is tried again (tests count them). */
  onRetry?: (attempt: number, error: unknown) => void;
  /**
   * Other writes, made first in the batch's transaction (again with each try), so that they share
   * its commit: the photo row changes that queued up with the group (`writeRound`). An error in
   * them fails the batch.
   */
  first?: (tx: Store) => Promise<void>;
  /**
   * Reports that arrived while the batch waited for the chain's head (PostgreSQL: behind another
   * process's group), asked for once it is taken and written in the same transaction, after the
   * batch: they would otherwise wait for the whole next transaction (issue 23). Their outcomes
   * follow the batch's, in the order given.
   */
  join?: () => readonly PreparedReport[];
}

/**
 * PostgreSQL gave up on the transaction and it can simply run again: a deadlock (40P01) or a
 * serialization failure (40001). Lock order (`lockWatched`) keeps deadlocks away; this is the
 * safety net for what that order does not cover (another observer's report flagged by a protocol
 * conflict, an assignment import moving the same counts).
 */
export function isTransientConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

async function writeBatchOnce(
  store: Store,
  batch: PreparedReport[],
  announce?: Announce,
  first?: (tx: Store) => Promise<void>,
  join?: () => readonly PreparedReport[],
): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = [];
  await store.transaction(async (tx) => {
    outcomes.length = 0;
    // Before the chain's head is taken: they need nothing of it (PostgreSQL holds it to the commit).
    if (first) await first(tx);
    let head = await tx.reports.lockChainHead();
    if (join) batch.push(...join());
    // The rows the reports' triggers will lock, taken first and in one order (see `lockWatched`).
    await tx.reports.lockWatched(batch.map((p) => ({ electionId: p.electionId, observerId: p.observerId })));
    const writer = new BatchWriter(tx, batch);
    await writer.prefetch();
    for (const prepared of batch) {
      try {
        let written: { receipt: ReportReceipt; fresh: boolean; head: { seq: number; hash: string } };
        if (writer.canTakeFastPath(prepared)) {
          written = await writer.add(prepared, head);
        } else {
          // Corrections and resends see everything written before them.
          await writer.flush();
          writer.forgetStation(prepared.station.id);
          written = await writeOne(tx, prepared, head);
        }
        head = written.head;
        outcomes.push({ receipt: written.receipt, fresh: written.fresh });
      } catch (error) {
        // Only checks made before any write throw here, so the transaction is intact.
        if (!(error instanceof DomainError)) throw error;
        outcomes.push({ refused: { code: error.code, message: error.message, details: error.details } });
      }
    }
    await writer.flush();
    await tx.reports.setChainHead(head);
    if (announce) await announceFresh(tx, batch, outcomes, announce);
  });
  return outcomes;
}

/**
 * The events of the batch's new revisions, sent with its transaction: the request thread, the
 * busier one, then sends nothing for them (on PostgreSQL a query of its own per turn of its event
 * loop). One too large for a notification is left to the request thread, which delivers it here.
 */
async function announceFresh(
  tx: Store,
  batch: readonly PreparedReport[],
  outcomes: BatchOutcome[],
  announce: Announce,
): Promise<void> {
  const payloads: string[] = [];
  outcomes.forEach((outcome, i) => {
    const prepared = batch[i];
    if (!('receipt' in outcome) || !outcome.fresh || !prepared) return;
    const payload = JSON.stringify(acceptedEvent(prepared, outcome.receipt));
    if (Buffer.byteLength(payload) > MAX_BROADCAST_BYTES) return;
    payloads.push(payload);
    outcome.announced = true;
  });
  if (payloads.length > 0) await announce(tx, payloads);
}

const parsedAnswers = new WeakMap<PreparedReport, Record<string, unknown>>();

/** Lets `answersOf` use the object the answers came as (the report did not cross threads). */
export function rememberAnswers(p: PreparedReport, answers: Record<string, unknown>): void {
  parsedAnswers.set(p, answers);
}

/** A prepared report's answers as an object, parsed once when first needed. */
export function answersOf(p: PreparedReport): Record<string, unknown> {
  let answers = parsedAnswers.get(p);
  if (!answers) {
    answers = JSON.parse(p.answersJson) as Record<string, unknown>;
    parsedAnswers.set(p, answers);
  }
  return answers;
}

async function writeOne(tx: Store, p: PreparedReport, head: { seq: number; hash: string }) {
  const { body, observerId } = p;
  const existing = await tx.reports.findReport(body.id);
  if (existing && existing.observerId !== observerId) {
    // Someone else's UUID: refuse without saying whose it is.
    throw new DomainError('report_conflict', 'this report id is taken');
  }
  if (existing && (existing.stationId !== body.stationId || existing.formId !== body.formId)) {
    throw new DomainError('report_conflict', 'a revision must keep the station and form of its report');
  }
  const stored = existing ? await tx.reports.findRevision(body.id, body.revision) : undefined;
  if (stored) {
    if (stored.formVersion !== body.formVersion || canonicalJson(stored.answers) !== p.answersJson) {
      throw new DomainError('report_conflict', 'this revision was sent before with other answers');
    }
    return { receipt: await receiptOf(tx, body.id, stored), fresh: false, head };
  }
  const expected = existing ? existing.latestRevision + 1 : 1;
  if (body.revision !== expected) {
    throw new DomainError('report_conflict', `the next revision of this report is ${expected}`, { expected });
  }
  if (existing) {
    // A "correction" that changes nothing (the phone saved the form again) is the latest revision:
    // its receipt, and no new revision, chain entry or event. Answers are canonical JSON on both sides.
    const latest = await tx.reports.findRevision(body.id, existing.latestRevision);
    if (latest && sameRevision(latest, p)) return { receipt: await receiptOf(tx, body.id, latest), fresh: false, head };
  }

  const assigned = await tx.assignments.isAssigned(observerId, p.station.id);
  const turnout = p.formKind === 'turnout' ? await turnoutContext(tx, p) : undefined;
  const flags: ReportFlag[] = reportFlags({
    kind: p.formKind,
    result: p.result,
    assigned,
    insideWindow: p.insideWindow,
    ...(turnout ? { turnout } : {}),
  });
  if (p.formKind === 'protocol') await flagProtocolConflicts(tx, p, flags);

  const revision = chainedRevision(p, flags, head);
  if (existing) await tx.reports.updateLatest(body.id, body.revision, flags, p.receivedAt);
  else await tx.reports.insertReport(reportRow(p, flags), p.receivedAt);
  await tx.reports.insertRevision(revision);
  return {
    receipt: await receiptOf(tx, body.id, revision),
    fresh: true,
    head: { seq: revision.chainSeq, hash: revision.chainHash },
  };
}

/** A stored revision says exactly what the prepared one says: form version, answers and photos. */
function sameRevision(stored: StoredRevision, p: PreparedReport): boolean {
  return (
    stored.formVersion === p.body.formVersion &&
    stored.photos.length === p.photos.length &&
    stored.photos.every((h, i) => h === p.photos[i]) &&
    canonicalJson(stored.answers) === p.answersJson
  );
}

/** The report's own row, as first written. */
function reportRow(p: PreparedReport, flags: ReportFlag[]) {
  return {
    id: p.body.id,
    electionId: p.electionId,
    stationId: p.station.id,
    formId: p.body.formId,
    formKind: p.formKind,
    observerId: p.observerId,
    channel: p.channel,
    latestRevision: p.body.revision,
    flags,
  };
}

/** The revision as stored: the next entry of the hash chain after `head`. */
function chainedRevision(p: PreparedReport, flags: ReportFlag[], head: { seq: number; hash: string }): NewRevision {
  return {
    reportId: p.body.id,
    revision: p.body.revision,
    formVersion: p.body.formVersion,
    answersJson: p.answersJson,
    photos: p.photos,
    flags,
    clientTime: p.body.clientTime ?? null,
    receivedAt: p.receivedAt,
    chainSeq: head.seq + 1,
    chainHash: chainHashOf(head.hash, chainPayloadOf(chained(p), p.answersJson)),
  };
}

/** What a receipt tells of a revision. */
type ReceiptFields = Pick<StoredRevision, 'revision' | 'flags' | 'photos' | 'receivedAt' | 'chainSeq' | 'chainHash'>;

async function receiptOf(tx: Store, reportId: string, r: ReceiptFields): Promise<ReportReceipt> {
  const complete = r.photos.length ? await tx.reports.completePhotos(r.photos) : new Set<string>();
  return receiptFor(reportId, r, complete);
}

function receiptFor(reportId: string, r: ReceiptFields, completePhotos: ReadonlySet<string>): ReportReceipt {
  return {
    id: reportId,
    revision: r.revision,
    status: 'accepted',
    flags: r.flags,
    missingPhotos: r.photos.filter((h) => !completePhotos.has(h)),
    receivedAt: r.receivedAt.toISOString(),
    chainSeq: r.chainSeq,
    chainHash: r.chainHash,
  };
}

type TurnoutCount = { checkpoint: string; voters: number };

/** A turnout report's checkpoint and count (null where missing or of the wrong type). */
function turnoutCount(answers: Record<string, unknown>): { checkpoint: string | null; voters: number | null } {
  const { checkpoint_time: checkpoint, voters_received: voters } = answers;
  return {
    checkpoint: typeof checkpoint === 'string' ? checkpoint : null,
    voters: typeof voters === 'number' && Number.isFinite(voters) ? voters : null,
  };
}

/** The station's stored turnout counts, but those of report `except`. */
async function storedTurnout(tx: Store, p: PreparedReport, except?: string): Promise<TurnoutCount[]> {
  return (await tx.reports.latestAnswers('turnout', [{ electionId: p.electionId, stationId: p.station.id }]))
    .filter((r) => r.reportId !== except)
    .map((r) => turnoutCount(r.answers))
    .filter((r): r is TurnoutCount => r.checkpoint !== null && r.voters !== null);
}

async function turnoutContext(tx: Store, p: PreparedReport) {
  return {
    ...turnoutCount(answersOf(p)),
    registered: p.station.registeredVoters,
    earlier: await storedTurnout(tx, p, p.body.id),
  };
}

/** Two observers' different protocol copies of one station: both kept, both flagged. */
async function flagProtocolConflicts(tx: Store, p: PreparedReport, flags: ReportFlag[]) {
  const others = (
    await tx.reports.latestAnswers('protocol', [{ electionId: p.electionId, stationId: p.station.id }])
  ).filter((r) => r.reportId !== p.body.id && r.observerId !== p.observerId);
  const mine = canonicalJson(withoutPhotos(answersOf(p)));
  const differing = others.filter((r) => canonicalJson(withoutPhotos(r.answers)) !== mine);
  if (differing.length === 0) return;
  flags.push({ code: 'protocol_conflict' });
  await tx.reports.flagProtocolConflicts(differing.map((other) => ({ id: other.reportId, at: p.receivedAt })));
}

/**
 * The common case on voting day — a new report — costs no query of its own: existing ids,
 * assignments and finished photos are fetched for the whole batch, and new reports and revisions
 * are inserted many rows at a time. A new turnout count reads its station's earlier counts once
 * per batch (a checkpoint's burst brings thousands at once): later counts of the same station in
 * the batch are added to what was read, not read again. New protocol copies likewise: the batch's
 * stations' copies are read in one query, compared here with each new copy (and with the batch's
 * own earlier ones), and the other observers' differing copies are flagged in one statement when
 * the batch is flushed (issue 23: one after another, their round trips held the chain's head).
 */
class BatchWriter {
  private existingIds = new Set<string>();
  private assigned = new Set<string>();
  private completePhotos = new Set<string>();
  private readonly inBatch = new Set<string>();
  private pendingReports: Parameters<Store['reports']['insertReports']>[0] = [];
  private pendingRevisions: NewRevision[] = [];
  /** Stored and batch copies of each station's protocol, as read in this batch, with the batch's new ones. */
  private readonly protocolsByStation = new Map<string, ProtocolCopy[]>();
  /** Reports to flag `protocol_conflict` at the next flush, with the time of the first copy that differed. */
  private conflictTargets = new Map<string, Date>();

  constructor(
    private readonly tx: Store,
    private readonly items: readonly PreparedReport[],
  ) {}

  async prefetch(): Promise<void> {
    const protocols = new Map<string, { electionId: string; stationId: string }>();
    for (const p of this.items) {
      if (p.formKind === 'protocol' && p.body.revision === 1) {
        protocols.set(p.station.id, { electionId: p.electionId, stationId: p.station.id });
      }
    }
    const [existing, assigned, photos, copies] = await Promise.all([
      this.tx.reports.existingIds(this.items.map((p) => p.body.id)),
      this.tx.assignments.assignedPairs(this.items.map((p) => ({ observerId: p.observerId, stationId: p.station.id }))),
      this.tx.reports.completePhotos([...new Set(this.items.flatMap((p) => p.photos))]),
      this.tx.reports.latestAnswers('protocol', [...protocols.values()]),
    ]);
    this.existingIds = existing;
    this.assigned = assigned;
    this.completePhotos = photos;
    for (const stationId of protocols.keys()) this.protocolsByStation.set(stationId, []);
    for (const c of copies) this.protocolsByStation.get(c.stationId)?.push(protocolCopy(c));
  }

  canTakeFastPath(p: PreparedReport): boolean {
    return p.body.revision === 1 && !this.existingIds.has(p.body.id) && !this.inBatch.has(p.body.id);
  }

  /** Turnout counts of stations as read in this batch, with the batch's own new ones added. */
  private readonly turnoutByStation = new Map<string, TurnoutCount[]>();

  /** A report written the slow way may have changed the station's counts or copies: read them again. */
  forgetStation(stationId: string): void {
    this.turnoutByStation.delete(stationId);
    this.protocolsByStation.delete(stationId);
  }

  /**
   * Two observers' different protocol copies of one station: both kept, both flagged (as
   * `flagProtocolConflicts` does, the other copies at the next flush). The same observer's other
   * copy, or the same numbers, flag nothing.
   */
  private async flagConflicts(p: PreparedReport, flags: ReportFlag[]): Promise<void> {
    let copies = this.protocolsByStation.get(p.station.id);
    if (!copies) {
      copies = (
        await this.tx.reports.latestAnswers('protocol', [{ electionId: p.electionId, stationId: p.station.id }])
      ).map(protocolCopy);
      this.protocolsByStation.set(p.station.id, copies);
    }
    const mine = canonicalJson(withoutPhotos(answersOf(p)));
    const differing = copies.filter(
      (c) => c.reportId !== p.body.id && c.observerId !== p.observerId && c.numbers !== mine,
    );
    copies.push({ reportId: p.body.id, observerId: p.observerId, numbers: mine });
    if (differing.length === 0) return;
    flags.push({ code: 'protocol_conflict' });
    for (const c of differing)
      if (!this.conflictTargets.has(c.reportId)) this.conflictTargets.set(c.reportId, p.receivedAt);
  }

  async add(p: PreparedReport, head: { seq: number; hash: string }) {
    const { body, observerId } = p;
    this.inBatch.add(body.id);
    let turnout: (ReturnType<typeof turnoutCount> & { registered: number | null; earlier: TurnoutCount[] }) | undefined;
    if (p.formKind === 'turnout') {
      let earlier = this.turnoutByStation.get(p.station.id);
      if (!earlier) {
        earlier = await storedTurnout(this.tx, p);
        this.turnoutByStation.set(p.station.id, earlier);
      }
      const count = turnoutCount(answersOf(p));
      turnout = { ...count, registered: p.station.registeredVoters, earlier: [...earlier] };
      if (count.checkpoint !== null && count.voters !== null) {
        earlier.push({ checkpoint: count.checkpoint, voters: count.voters });
      }
    }
    const flags = reportFlags({
      kind: p.formKind,
      result: p.result,
      assigned: this.assigned.has(`${observerId}:${p.station.id}`),
      insideWindow: p.insideWindow,
      ...(turnout ? { turnout } : {}),
    });
    if (p.formKind === 'protocol') await this.flagConflicts(p, flags);
    const revision = chainedRevision(p, flags, head);
    this.pendingReports.push({ ...reportRow(p, flags), createdAt: p.receivedAt });
    this.pendingRevisions.push(revision);
    return {
      receipt: receiptFor(body.id, revision, this.completePhotos),
      fresh: true,
      head: { seq: revision.chainSeq, hash: revision.chainHash },
    };
  }

  async flush(): Promise<void> {
    if (this.pendingReports.length > 0) {
      await this.tx.reports.insertReports(this.pendingReports);
      await this.tx.reports.insertRevisions(this.pendingRevisions);
      for (const r of this.pendingReports) this.existingIds.add(r.id);
      this.pendingReports = [];
      this.pendingRevisions = [];
    }
    if (this.conflictTargets.size > 0) {
      const targets = [...this.conflictTargets].map(([id, at]) => ({ id, at }));
      this.conflictTargets = new Map();
      await this.tx.reports.flagProtocolConflicts(targets);
    }
  }
}

/** A protocol copy as the conflict check compares it: its numbers as canonical JSON, photos aside. */
interface ProtocolCopy {
  reportId: string;
  observerId: string;
  numbers: string;
}

function protocolCopy(r: { reportId: string; observerId: string; answers: Record<string, unknown> }): ProtocolCopy {
  return { reportId: r.reportId, observerId: r.observerId, numbers: canonicalJson(withoutPhotos(r.answers)) };
}

/** What the chain covers of a prepared report, but its answers (`answersJson`). */
function chained(p: PreparedReport): Omit<ChainedRevision, 'answers'> {
  return {
    reportId: p.body.id,
    revision: p.body.revision,
    electionId: p.electionId,
    stationId: p.station.id,
    formId: p.body.formId,
    formVersion: p.body.formVersion,
    observerId: p.observerId,
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
