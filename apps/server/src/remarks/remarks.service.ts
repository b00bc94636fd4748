import { randomUUID } from 'node:crypto';
import {
  type BulkRemarksBody,
  type CreateRemarkBody,
  canRecordRemarkAnswer,
  DEFAULT_REMARK_ANSWER_DAYS,
  DomainError,
  type Election,
  groupStationsByCommission,
  isIsoDate,
  isRemarkEditable,
  isRemarkOverdue,
  nextRemarkStatuses,
  type Organisation,
  overdueSentOnOrBefore,
  planRemarkTransition,
  type Remark,
  type RemarkAnswerBody,
  type RemarkCountsDto,
  type RemarkEvidence,
  type RemarkOrigin,
  type RemarkSettings,
  type RemarksQuery,
  type RemarkTransitionBody,
  remarkAnswerDue,
  type UpdateRemarkBody,
} from '@pollwatch/core';
import type { NewRemark, Store } from '@pollwatch/db';
import { type RemarkLetterData, remarkLetterDocx, remarkLetterPdf } from '@pollwatch/documents';
import { type Actor, audit, scopeOf } from '../auth/actor.ts';
import { OutOfScopeError } from '../auth/out-of-scope.ts';
import { localDay } from '../operations/local-day.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { outsideArea } from '../territory/outside-area.ts';
import { letterPhotos } from './letter-photos.ts';

const ANSWER_DAYS_KEY = 'remarks.answerDays';
/** The letterhead the referral letters use (an admin setting). */
const ORGANISATION_KEY = 'organisation';

/** A remark with what the register derives from today's date. */
export interface RemarkView extends Remark {
  overdue: boolean;
  answerDue: string | null;
}

export interface RemarkDetail {
  remark: RemarkView;
  evidence: RemarkEvidence[];
  nextStatuses: readonly Remark['status'][];
  editable: boolean;
  canAnswer: boolean;
}

function invalid(path: string, keyword: string, message: string): DomainError {
  return new DomainError('validation_failed', message, [{ in: 'body', path, keyword }]);
}

/**
 * The remarks register (issue 18): remarks made by hand or from an incident, a verified report or a
 * readiness finding (keeping the report revision as evidence), addressed to a commission of the
 * territory tree within the actor's area, taken through draft → sent → acknowledged → outcome,
 * printed as a letter. Every write is audited in its transaction.
 */
export class RemarksService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    /** Where the evidence photos are: the letter prints them as thumbnails (none without it). */
    private readonly blobs?: Pick<BlobStore, 'exists' | 'read'>,
  ) {}

  private async election(store: Store, electionId: string): Promise<Election> {
    const election = await store.elections.findById(electionId);
    if (!election) throw new DomainError('not_found', 'no such election');
    return election;
  }

  async settings(): Promise<RemarkSettings> {
    const value = await this.store.settings.get(ANSWER_DAYS_KEY);
    return { answerDays: typeof value === 'number' && value >= 1 ? value : DEFAULT_REMARK_ANSWER_DAYS };
  }

  async setSettings(actor: Actor, settings: RemarkSettings): Promise<RemarkSettings> {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      await tx.settings.set(ANSWER_DAYS_KEY, settings.answerDays, now);
      await audit(
        tx,
        actor,
        { action: 'settings.updated', entityType: 'settings', entityId: null, details: { key: ANSWER_DAYS_KEY } },
        now,
      );
    });
    return settings;
  }

  private today(election: Election): string {
    return localDay(this.now(), election.timeZone).date;
  }

  private view(remark: Remark, today: string, answerDays: number): RemarkView {
    return {
      ...remark,
      overdue: isRemarkOverdue(remark, today, answerDays),
      answerDue: remark.sentOn ? remarkAnswerDue(remark.sentOn, answerDays) : null,
    };
  }

  async list(
    actor: Actor,
    electionId: string,
    query: RemarksQuery,
  ): Promise<{ items: RemarkView[]; total: number; counts: RemarkCountsDto; answerDays: number }> {
    const election = await this.election(this.store, electionId);
    const scope = scopeOf(actor);
    const { answerDays } = await this.settings();
    const today = this.today(election);
    const cutoff = overdueSentOnOrBefore(today, answerDays);
    if (query.areaId && !(await this.store.areas.findById(query.areaId, scope))) {
      throw new OutOfScopeError('area', query.areaId);
    }
    const [page, counts] = await Promise.all([
      this.store.remarks.list(
        {
          electionId,
          scope,
          status: query.status,
          commissionLevel: query.level,
          areaId: query.areaId,
          stationId: query.stationId,
          reportId: query.reportId,
          overdueSentOnOrBefore: query.overdue ? cutoff : undefined,
          q: query.q,
        },
        { limit: query.limit ?? 50, offset: query.offset ?? 0 },
      ),
      this.store.remarks.countByStatus(electionId, scope, cutoff, query.areaId),
    ]);
    return {
      items: page.items.map((r) => this.view(r, today, answerDays)),
      total: page.total,
      counts,
      answerDays,
    };
  }

  private async visible(store: Store, actor: Actor, id: string): Promise<Remark> {
    const remark = await store.remarks.findById(id, scopeOf(actor));
    if (remark) return remark;
    if (await store.remarks.findById(id, { kind: 'all' })) throw new OutOfScopeError('remark', id);
    throw new DomainError('not_found', 'no such remark');
  }

  async get(actor: Actor, id: string): Promise<RemarkDetail> {
    const remark = await this.visible(this.store, actor, id);
    const election = await this.election(this.store, remark.electionId);
    const { answerDays } = await this.settings();
    return {
      remark: this.view(remark, this.today(election), answerDays),
      evidence: await this.store.remarks.evidence(id),
      nextStatuses: nextRemarkStatuses(remark.status),
      editable: isRemarkEditable(remark.status),
      canAnswer: canRecordRemarkAnswer(remark.status),
    };
  }

  private async detailAfterWrite(actor: Actor, id: string): Promise<RemarkView> {
    return (await this.get(actor, id)).remark;
  }

  /** Whom the remark goes to, checked against the territory tree and the actor's area. */
  private async addressee(
    tx: Store,
    actor: Actor,
    electionId: string,
    addressee: CreateRemarkBody['addressee'],
  ): Promise<Pick<NewRemark, 'commissionLevel' | 'areaId' | 'stationId'>> {
    const scope = scopeOf(actor);
    if (addressee.level === 'precinct') {
      const station = await tx.stations.findById(addressee.stationId);
      if (!station || station.electionId !== electionId) {
        throw invalid('/addressee/stationId', 'not_found', 'no such station in this election');
      }
      if (!(await tx.stations.findById(station.id, scope))) throw outsideArea('/addressee/stationId');
      return { commissionLevel: 'precinct', areaId: station.areaId, stationId: station.id };
    }
    if (addressee.level === 'territorial') {
      const area = await tx.areas.findById(addressee.areaId);
      if (!area) throw invalid('/addressee/areaId', 'not_found', 'no such area');
      if (!(await tx.areas.findById(area.id, scope))) throw outsideArea('/addressee/areaId');
      // The root's commission is the CEC: address it as such.
      if (area.parentId === null)
        throw invalid('/addressee/level', 'central', 'the root area has the central commission');
      return { commissionLevel: 'territorial', areaId: area.id, stationId: null };
    }
    const root = await tx.remarks.rootAreaId();
    if (!root) throw invalid('/addressee', 'not_found', 'the territory tree is empty');
    if (!(await tx.areas.findById(root, scope))) throw outsideArea('/addressee');
    return { commissionLevel: 'central', areaId: root, stationId: null };
  }

  /** The report a remark is made from, with the revision kept as its evidence. */
  private async source(
    tx: Store,
    actor: Actor,
    electionId: string,
    source: NonNullable<CreateRemarkBody['source']>,
  ): Promise<{ origin: RemarkOrigin; evidence: NewRemark['evidence'] }> {
    const scope = scopeOf(actor);
    const report = await tx.reports.findReport(source.reportId);
    if (!report || report.electionId !== electionId) {
      throw invalid('/source/reportId', 'not_found', 'no such report in this election');
    }
    if (!(await tx.reports.stationVisible(report.stationId, scope))) throw new OutOfScopeError('report', report.id);
    let questionId: string | null = null;
    if (source.kind === 'incident' && report.formKind !== 'incident') {
      throw invalid('/source/kind', 'incident', 'the report is not an incident');
    }
    if (source.kind === 'readiness') {
      if (report.formKind !== 'readiness') throw invalid('/source/kind', 'readiness', 'not a readiness report');
      if (!source.questionId) throw invalid('/source/questionId', 'required', 'a readiness finding names its question');
      const revision = await tx.reports.findRevision(report.id, report.latestRevision);
      if (!revision || !(source.questionId in revision.answers)) {
        throw invalid('/source/questionId', 'not_answered', 'the report does not answer that question');
      }
      questionId = source.questionId;
    }
    if (source.kind === 'report') {
      const verification = await tx.verification.find(report.id, scope);
      if (verification?.status !== 'verified') {
        throw invalid('/source/reportId', 'not_verified', 'only a verified report can become a remark');
      }
    }
    return {
      origin: source.kind,
      evidence: [{ stationId: report.stationId, reportId: report.id, revision: report.latestRevision, questionId }],
    };
  }

  async create(actor: Actor, electionId: string, body: CreateRemarkBody): Promise<RemarkView> {
    const now = this.now();
    const id = randomUUID();
    await this.store.transaction(async (tx) => {
      await this.election(tx, electionId);
      const to = await this.addressee(tx, actor, electionId, body.addressee);
      const from = body.source
        ? await this.source(tx, actor, electionId, body.source)
        : {
            origin: 'manual' as const,
            evidence: to.stationId
              ? [{ stationId: to.stationId, reportId: null, revision: null, questionId: null }]
              : [],
          };
      const [number] = await tx.remarks.create(
        [
          {
            id,
            electionId,
            ...to,
            origin: from.origin,
            title: body.title.trim(),
            body: body.body.trim(),
            legalBasis: body.legalBasis?.trim() || null,
            batchId: null,
            evidence: from.evidence,
          },
        ],
        actor.user.id,
        now,
      );
      await audit(
        tx,
        actor,
        {
          action: 'remark.created',
          entityType: 'remark',
          entityId: id,
          details: { electionId, number, level: to.commissionLevel, origin: from.origin },
        },
        now,
      );
    });
    return this.detailAfterWrite(actor, id);
  }

  /** One finding across many stations → one remark per commission, in one transaction. */
  async bulk(
    actor: Actor,
    electionId: string,
    body: BulkRemarksBody,
  ): Promise<{ remarks: number; stations: number; batchId: string | null }> {
    if (Boolean(body.stationIds) === Boolean(body.finding)) {
      throw invalid('', 'oneOf', 'name the stations or a readiness finding, not both');
    }
    const scope = scopeOf(actor);
    const now = this.now();
    const batchId = randomUUID();
    return this.store.transaction(async (tx) => {
      await this.election(tx, electionId);
      let stations: { stationId: string; areaId: string; reportId: string | null; revision: number | null }[];
      let questionId: string | null = null;
      if (body.stationIds) {
        const found = await tx.remarks.stationsIn(electionId, body.stationIds, scope);
        if (found.length < body.stationIds.length) {
          const anywhere = await tx.remarks.stationsIn(electionId, body.stationIds, { kind: 'all' });
          if (anywhere.length < body.stationIds.length) {
            throw invalid('/stationIds', 'not_found', 'some stations are not in this election');
          }
          throw outsideArea('/stationIds');
        }
        const order = new Map(body.stationIds.map((id, i) => [id, i]));
        found.sort((a, b) => (order.get(a.stationId) ?? 0) - (order.get(b.stationId) ?? 0));
        stations = found.map((s) => ({ ...s, reportId: null, revision: null }));
      } else {
        const finding = body.finding as NonNullable<BulkRemarksBody['finding']>;
        if (finding.areaId && !(await tx.areas.findById(finding.areaId, scope))) throw outsideArea('/finding/areaId');
        stations = await tx.remarks.stationsWithFinding(electionId, scope, finding);
        questionId = finding.questionId;
      }
      if (stations.length === 0) return { remarks: 0, stations: 0, batchId: null };
      const groups = groupStationsByCommission(stations, (s) => (body.level === 'precinct' ? s.stationId : s.areaId));
      const remarks: NewRemark[] = [...groups.values()].map((group) => {
        const first = group[0] as (typeof group)[number];
        return {
          id: randomUUID(),
          electionId,
          commissionLevel: body.level,
          areaId: first.areaId,
          stationId: body.level === 'precinct' ? first.stationId : null,
          origin: body.finding ? 'readiness' : 'manual',
          title: body.title.trim(),
          body: body.body.trim(),
          legalBasis: body.legalBasis?.trim() || null,
          batchId,
          evidence: group.map((s) => ({
            stationId: s.stationId,
            reportId: s.reportId,
            revision: s.revision,
            questionId,
          })),
        };
      });
      const numbers = await tx.remarks.create(remarks, actor.user.id, now);
      for (const [i, r] of remarks.entries()) {
        await audit(
          tx,
          actor,
          {
            action: 'remark.created',
            entityType: 'remark',
            entityId: r.id,
            details: { electionId, number: numbers[i], level: r.commissionLevel, origin: r.origin, batchId },
          },
          now,
        );
      }
      return { remarks: remarks.length, stations: stations.length, batchId };
    });
  }

  async update(actor: Actor, id: string, body: UpdateRemarkBody): Promise<RemarkView> {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      const remark = await this.visible(tx, actor, id);
      if (!isRemarkEditable(remark.status)) {
        throw new DomainError('status_transition_invalid', 'only a draft remark can be edited');
      }
      const changed = await tx.remarks.update(
        id,
        'draft',
        {
          ...(body.title !== undefined && { title: body.title.trim() }),
          ...(body.body !== undefined && { body: body.body.trim() }),
          ...(body.legalBasis !== undefined && { legalBasis: body.legalBasis?.trim() || null }),
        },
        now,
      );
      if (!changed) throw new DomainError('conflict', 'the remark changed meanwhile');
      await audit(
        tx,
        actor,
        {
          action: 'remark.updated',
          entityType: 'remark',
          entityId: id,
          details: { fields: Object.keys(body).sort() },
        },
        now,
      );
    });
    return this.detailAfterWrite(actor, id);
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      const remark = await this.visible(tx, actor, id);
      if (!isRemarkEditable(remark.status)) {
        throw new DomainError('status_transition_invalid', 'only a draft remark can be deleted');
      }
      if (!(await tx.remarks.deleteDraft(id))) throw new DomainError('conflict', 'the remark changed meanwhile');
      await audit(
        tx,
        actor,
        {
          action: 'remark.deleted',
          entityType: 'remark',
          entityId: id,
          details: { electionId: remark.electionId, number: remark.number },
        },
        now,
      );
    });
  }

  async transition(actor: Actor, id: string, body: RemarkTransitionBody): Promise<RemarkView> {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      const remark = await this.visible(tx, actor, id);
      const election = await this.election(tx, remark.electionId);
      const change = planRemarkTransition(remark, body, this.today(election));
      if (change === 'status_transition_invalid') {
        throw new DomainError('status_transition_invalid', `a ${remark.status} remark cannot become ${body.to}`);
      }
      if (change === 'validation_failed') {
        throw invalid('/on', 'transition', 'the date, delivery or answer does not fit this change');
      }
      if (!(await tx.remarks.update(id, remark.status, change, now))) {
        throw new DomainError('conflict', 'the remark changed meanwhile');
      }
      await audit(
        tx,
        actor,
        {
          action: 'remark.status_changed',
          entityType: 'remark',
          entityId: id,
          details: { from: remark.status, to: change.status, on: body.on ?? null, via: body.via ?? null },
        },
        now,
      );
    });
    return this.detailAfterWrite(actor, id);
  }

  /** Records (or corrects) the commission's answer and its date. */
  async recordAnswer(actor: Actor, id: string, body: RemarkAnswerBody): Promise<RemarkView> {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      const remark = await this.visible(tx, actor, id);
      if (!canRecordRemarkAnswer(remark.status)) {
        throw new DomainError('status_transition_invalid', 'this remark cannot take an answer');
      }
      const election = await this.election(tx, remark.electionId);
      if (!isIsoDate(body.on) || body.on > this.today(election) || (remark.sentOn && body.on < remark.sentOn)) {
        throw invalid('/on', 'answer_date', 'the answer date is before the remark was sent or in the future');
      }
      const changed = await tx.remarks.update(
        id,
        remark.status,
        { answer: body.answer.trim(), answeredOn: body.on },
        now,
      );
      if (!changed) throw new DomainError('conflict', 'the remark changed meanwhile');
      await audit(
        tx,
        actor,
        {
          action: 'remark.answered',
          entityType: 'remark',
          entityId: id,
          details: { on: body.on, corrected: remark.answer !== null },
        },
        now,
      );
    });
    return this.detailAfterWrite(actor, id);
  }

  /** The remark as a letter to its commission; printing is audited. */
  async letter(actor: Actor, id: string, format: 'pdf' | 'docx', locale: 'ru' | 'kk'): Promise<Uint8Array> {
    const remark = await this.visible(this.store, actor, id);
    const election = await this.election(this.store, remark.electionId);
    const organisation = (await this.store.settings.get(ORGANISATION_KEY)) as Organisation | undefined;
    if (!organisation) {
      throw new DomainError('letter_details_missing', 'the letterhead is not set', { missing: ['organisation'] });
    }
    const evidence = await this.store.remarks.evidence(id);
    const { answerDays } = await this.settings();
    const seen = new Set<string>();
    const data: RemarkLetterData = {
      locale,
      organisation: {
        name: organisation.name[locale],
        registration: organisation.registration,
        address: organisation.address,
        contacts: organisation.contacts,
        signatoryName: organisation.signatoryName,
        signatoryTitle: organisation.signatoryTitle[locale],
      },
      number: remark.number,
      commission: {
        level: remark.commissionLevel,
        name: remark.commissionName,
        address: remark.commissionAddress,
        stationNumber: remark.stationNumber,
        areaName: (locale === 'kk' ? remark.areaName.kk : undefined) || remark.areaName.ru,
      },
      electionName: (locale === 'kk' ? election.name.kk : undefined) || election.name.ru,
      votingDate: election.votingDate,
      title: remark.title,
      body: remark.body,
      legalBasis: remark.legalBasis,
      stations: evidence
        .filter((e) => !seen.has(e.stationId) && seen.add(e.stationId))
        .map((e) => ({ number: e.stationNumber, address: e.stationAddress })),
      answerDays,
      datedOn: remark.sentOn ?? this.today(election),
      photos: this.blobs ? await letterPhotos(evidence, this.blobs) : [],
    };
    const bytes = format === 'pdf' ? await remarkLetterPdf(data) : await remarkLetterDocx(data);
    const now = this.now();
    await this.store.transaction((tx) =>
      audit(
        tx,
        actor,
        { action: 'remark.printed', entityType: 'remark', entityId: id, details: { format, locale } },
        now,
      ),
    );
    return bytes;
  }
}
