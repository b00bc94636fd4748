import { createHash, randomUUID } from 'node:crypto';
import {
  buildResolutionDocument,
  type CreateResolutionBody,
  canonicalJson,
  type DocumentLocale,
  DomainError,
  diffResolutions,
  emptyResolutionTexts,
  type ResolutionDocument,
  type ResolutionKind,
  type ResolutionSnapshot,
  type ResolutionSummary,
  type ResolutionTexts,
  type UpdateResolutionBody,
} from '@pollwatch/core';
import type { Store, StoredResolution } from '@pollwatch/db';
import { resolutionDocx, resolutionPdf } from '@pollwatch/documents';
import { type Actor, audit } from '../auth/actor.ts';
import { type SnapshotSources, takeSnapshot } from './resolution-snapshot.ts';

export function snapshotHash(snapshot: ResolutionSnapshot): string {
  return createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
}

function summary(r: StoredResolution): ResolutionSummary {
  return {
    id: r.id,
    electionId: r.electionId,
    kind: r.kind as ResolutionKind,
    version: r.version,
    status: r.status as ResolutionSummary['status'],
    takenAt: r.takenAt,
    snapshotHash: r.snapshotHash,
    chainHead: r.chainHead,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    approvedAt: r.approvedAt,
  };
}

/** Texts as stored, with any field a older version lacks filled in. */
function textsOf(r: StoredResolution): ResolutionTexts {
  const t = (r.texts ?? {}) as Partial<ResolutionTexts>;
  return { ...emptyResolutionTexts(), ...t, chapters: { ...(t.chapters ?? {}) } };
}

/**
 * The resolution to the CEC: versions of a preliminary statement or a final resolution. Each
 * version is built from a snapshot of the live data taken when the version is made (kept with it,
 * with the hash-chain head of that moment), plus the HQ's texts. A draft's texts can change; an
 * approved version is frozen (a new draft starts from its texts). Approving a final resolution
 * records its numbered recommendations, which later elections' resolutions follow up.
 */
/** Built files of approved versions kept in memory (each 1–2 MB at 10,000 stations). */
const FROZEN_FILES_KEPT = 8;

export class ResolutionService {
  private readonly store: Store;
  /**
   * An approved version never changes (its snapshot and texts are frozen), so its PDF or DOCX in a
   * language is the same bytes every time: built once, by version, format and language. The public
   * dashboard serves it to anyone who asks; a draft is always built anew.
   */
  private readonly frozenFiles = new Map<string, Promise<Buffer | Uint8Array>>();

  constructor(
    private readonly sources: SnapshotSources,
    private readonly now: () => Date,
  ) {
    this.store = sources.store;
  }

  /** The snapshot of the live data now (what a new version is built from; the bench times it). */
  snapshot(actor: Actor, electionId: string): Promise<ResolutionSnapshot> {
    return takeSnapshot(this.sources, actor, electionId, this.now());
  }

  async list(_actor: Actor, electionId: string): Promise<{ items: ResolutionSummary[] }> {
    await this.sources.elections.get(electionId);
    return { items: (await this.store.resolutions.list(electionId)).map(summary) };
  }

  /** A new version of `kind` from the live data, starting from the latest version's texts. */
  async create(actor: Actor, electionId: string, body: CreateResolutionBody): Promise<ResolutionSummary> {
    await this.sources.elections.get(electionId);
    const snapshot = await this.snapshot(actor, electionId);
    const hash = snapshotHash(snapshot);
    const previous =
      (await this.store.resolutions.latest(electionId, body.kind)) ??
      (await this.store.resolutions.latest(electionId, body.kind === 'final' ? 'preliminary' : 'final'));
    const texts = previous ? textsOf(previous) : emptyResolutionTexts();
    const now = this.now();
    for (let attempt = 0; attempt < 3; attempt++) {
      const created = await this.store.transaction(async (tx) => {
        const row = await tx.resolutions.insert(
          {
            id: randomUUID(),
            electionId,
            kind: body.kind,
            texts,
            snapshot,
            snapshotHash: hash,
            takenAt: new Date(snapshot.takenAt),
            chainHead: snapshot.chainHead,
            createdBy: actor.user.id,
          },
          now,
        );
        if (!row) return undefined;
        await audit(
          tx,
          actor,
          {
            action: 'resolution.created',
            entityType: 'resolution',
            entityId: row.id,
            outcome: 'ok',
            details: { electionId, kind: body.kind, version: row.version, snapshotHash: hash },
          },
          now,
        );
        return row;
      });
      if (created) return summary(created);
    }
    throw new DomainError('conflict', 'another version was made at the same moment; try again');
  }

  private async find(id: string): Promise<StoredResolution> {
    const r = await this.store.resolutions.find(id);
    if (!r) throw new DomainError('not_found', 'no such resolution');
    return r;
  }

  private async storedSnapshot(id: string): Promise<ResolutionSnapshot> {
    return (await this.store.resolutions.snapshot(id)) as ResolutionSnapshot;
  }

  /** The document of a version, built from its own snapshot (never from today's data). */
  async document(
    id: string,
    locale: DocumentLocale,
  ): Promise<{ resolution: StoredResolution; document: ResolutionDocument }> {
    const resolution = await this.find(id);
    const snapshot = await this.storedSnapshot(id);
    const document = buildResolutionDocument({
      kind: resolution.kind as ResolutionKind,
      version: resolution.version,
      approved: resolution.status === 'approved',
      locale,
      snapshot,
      texts: textsOf(resolution),
    });
    return { resolution, document };
  }

  async get(_actor: Actor, id: string, locale: DocumentLocale) {
    const { resolution, document } = await this.document(id, locale);
    const snapshot = await this.storedSnapshot(id);
    return {
      resolution: summary(resolution),
      texts: textsOf(resolution),
      document,
      earlierRecommendations: snapshot.earlierRecommendations,
    };
  }

  async updateTexts(actor: Actor, id: string, body: UpdateResolutionBody): Promise<ResolutionSummary> {
    const r = await this.find(id);
    if (r.status !== 'draft') {
      throw new DomainError('resolution_frozen', 'an approved resolution cannot change; make a new draft from it');
    }
    const snapshot = await this.storedSnapshot(id);
    const known = new Set(snapshot.earlierRecommendations.map((e) => e.id));
    const unknown = body.texts.followUps.findIndex((f) => !known.has(f.recommendationId));
    if (unknown >= 0) {
      throw new DomainError('validation_failed', 'a follow-up names a recommendation this resolution does not list', [
        { in: 'body', path: `/texts/followUps/${unknown}/recommendationId`, keyword: 'enum' },
      ]);
    }
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const changed = await tx.resolutions.updateTexts(id, body.texts, now, body.expectedUpdatedAt);
      if (!changed) {
        const current = await tx.resolutions.find(id);
        if (current?.status !== 'draft')
          throw new DomainError('resolution_frozen', 'the resolution was approved meanwhile');
        throw new DomainError('resolution_changed', 'someone saved this draft meanwhile; reload it');
      }
      await audit(
        tx,
        actor,
        {
          action: 'resolution.updated',
          entityType: 'resolution',
          entityId: id,
          outcome: 'ok',
          details: {
            recommendations: body.texts.recommendations.length,
            followUps: body.texts.followUps.length,
            chapters: Object.keys(body.texts.chapters).sort(),
          },
        },
        now,
      );
      return summary((await tx.resolutions.find(id)) as StoredResolution);
    });
  }

  /** Freezes a draft; a final resolution's recommendations become numbered records. */
  async approve(actor: Actor, id: string): Promise<ResolutionSummary> {
    const r = await this.find(id);
    if (r.status !== 'draft') throw new DomainError('resolution_frozen', 'this version is already approved');
    const snapshot = await this.storedSnapshot(id);
    if (snapshotHash(snapshot) !== r.snapshotHash) {
      // The stored snapshot no longer matches the hash it was made with: never freeze that.
      throw new DomainError('conflict', 'the snapshot does not match its hash');
    }
    const now = this.now();
    const texts = textsOf(r);
    return this.store.transaction(async (tx) => {
      if (!(await tx.resolutions.approve(id, actor.user.id, now))) {
        throw new DomainError('resolution_frozen', 'this version was approved meanwhile');
      }
      if (r.kind === 'final') {
        await tx.resolutions.insertRecommendations(
          texts.recommendations.map((rec, i) => ({
            id: randomUUID(),
            electionId: r.electionId,
            resolutionId: id,
            number: i + 1,
            chapter: rec.chapter,
            text: rec.text,
          })),
          now,
        );
      }
      await audit(
        tx,
        actor,
        {
          action: 'resolution.approved',
          entityType: 'resolution',
          entityId: id,
          outcome: 'ok',
          details: {
            kind: r.kind,
            version: r.version,
            snapshotHash: r.snapshotHash,
            chainSeq: r.chainHead?.seq ?? null,
            chainHash: r.chainHead?.hash ?? null,
          },
        },
        now,
      );
      return summary((await tx.resolutions.find(id)) as StoredResolution);
    });
  }

  async diff(_actor: Actor, id: string, againstId: string) {
    const [from, to] = await Promise.all([this.document(againstId, 'ru'), this.document(id, 'ru')]);
    if (from.resolution.electionId !== to.resolution.electionId) {
      throw new DomainError('validation_failed', 'both versions must be of one election', [
        { in: 'querystring', path: '/against', keyword: 'enum' },
      ]);
    }
    const d = diffResolutions(
      { texts: textsOf(from.resolution), figures: from.document.figures },
      { texts: textsOf(to.resolution), figures: to.document.figures },
    );
    return { from: summary(from.resolution), to: summary(to.resolution), ...d };
  }

  /** The PDF or DOCX of a version: an approved one from memory after its first build. */
  private async build(
    id: string,
    format: 'docx' | 'pdf',
    locale: DocumentLocale,
  ): Promise<{ resolution: StoredResolution; body: Buffer | Uint8Array }> {
    const make = async () => {
      const { resolution, document } = await this.document(id, locale);
      const body = format === 'pdf' ? await resolutionPdf(document) : await resolutionDocx(document);
      return { resolution, body };
    };
    const resolution = await this.find(id);
    if (resolution.status !== 'approved') return make();
    const key = `${id}:${resolution.version}:${format}:${locale}`;
    let body = this.frozenFiles.get(key);
    if (body) {
      // the most recently used goes last: the oldest is dropped first
      this.frozenFiles.delete(key);
    } else {
      body = make().then((built) => built.body);
      body.catch(() => this.frozenFiles.delete(key));
    }
    this.frozenFiles.set(key, body);
    while (this.frozenFiles.size > FROZEN_FILES_KEPT) {
      this.frozenFiles.delete(this.frozenFiles.keys().next().value as string);
    }
    return { resolution, body: await body };
  }

  /**
   * An approved version's file for the public dashboard: not_found for anything else (a draft is
   * never served); built once per version, format and language.
   */
  async approvedFile(id: string, format: 'docx' | 'pdf', locale: DocumentLocale) {
    const { resolution, body } = await this.build(id, format, locale);
    if (resolution.status !== 'approved') throw new DomainError('not_found', 'no such approved resolution');
    return { name: fileName(resolution, locale), format, body };
  }

  /** The DOCX or PDF of a version (audited: the document may leave the organisation). */
  async file(actor: Actor, id: string, format: 'docx' | 'pdf', locale: DocumentLocale) {
    const { resolution, body } = await this.build(id, format, locale);
    const now = this.now();
    await this.store.transaction((tx) =>
      audit(
        tx,
        actor,
        {
          action: 'resolution.downloaded',
          entityType: 'resolution',
          entityId: id,
          outcome: 'ok',
          details: { format, locale, version: resolution.version },
        },
        now,
      ),
    );
    return { name: fileName(resolution, locale), format, body };
  }
}

function fileName(resolution: StoredResolution, locale: DocumentLocale): string {
  return `${resolution.kind === 'final' ? 'resolution' : 'preliminary-statement'}-v${resolution.version}-${locale}`;
}
