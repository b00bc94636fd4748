import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { jsonValue, readInt, readIsoTime, readJson, timeValue } from '../values.ts';

export interface StoredResolution {
  id: string;
  electionId: string;
  kind: string;
  version: number;
  status: string;
  texts: unknown;
  snapshotHash: string;
  takenAt: string;
  chainHead: { seq: number; hash: string } | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
}

export interface NewResolution {
  id: string;
  electionId: string;
  kind: string;
  texts: unknown;
  snapshot: unknown;
  snapshotHash: string;
  takenAt: Date;
  chainHead: { seq: number; hash: string } | null;
  createdBy: string;
}

export interface StoredRecommendation {
  id: string;
  electionId: string;
  electionName: unknown;
  votingDate: string;
  resolutionId: string;
  number: number;
  chapter: string;
  text: string;
}

const SUMMARY = [
  'r.id',
  'r.election_id',
  'r.kind',
  'r.version',
  'r.status',
  'r.texts',
  'r.snapshot_hash',
  'r.taken_at',
  'r.chain_seq',
  'r.chain_hash',
  'r.created_by',
  'r.created_at',
  'r.updated_at',
  'r.approved_by',
  'r.approved_at',
] as const;

type SummaryRow = {
  id: string;
  election_id: string;
  kind: string;
  version: number;
  status: string;
  texts: unknown;
  snapshot_hash: string;
  taken_at: Date | string;
  chain_seq: number | string | null;
  chain_hash: string | null;
  created_by: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  approved_by: string | null;
  approved_at: Date | string | null;
};

function toResolution(r: SummaryRow): StoredResolution {
  return {
    id: r.id,
    electionId: r.election_id,
    kind: r.kind,
    version: r.version,
    status: r.status,
    texts: readJson(r.texts),
    snapshotHash: r.snapshot_hash,
    takenAt: readIsoTime(r.taken_at),
    chainHead: r.chain_seq === null || r.chain_hash === null ? null : { seq: readInt(r.chain_seq), hash: r.chain_hash },
    createdBy: r.created_by,
    createdAt: readIsoTime(r.created_at),
    updatedAt: readIsoTime(r.updated_at),
    approvedBy: r.approved_by,
    approvedAt: r.approved_at === null ? null : readIsoTime(r.approved_at),
  };
}

/**
 * Resolution versions (a version's snapshot is written once, when the version is made; its texts
 * change while it is a draft) and the recommendations approved final resolutions leave behind.
 */
export class ResolutionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async list(electionId: string): Promise<StoredResolution[]> {
    const rows = await this.db
      .selectFrom('resolutions as r')
      .select(SUMMARY)
      .where('r.election_id', '=', electionId)
      .orderBy('r.kind')
      .orderBy('r.version', 'desc')
      .execute();
    return rows.map(toResolution);
  }

  async find(id: string): Promise<StoredResolution | undefined> {
    const row = await this.db.selectFrom('resolutions as r').select(SUMMARY).where('r.id', '=', id).executeTakeFirst();
    return row ? toResolution(row) : undefined;
  }

  async snapshot(id: string): Promise<unknown> {
    const row = await this.db.selectFrom('resolutions').select('snapshot').where('id', '=', id).executeTakeFirst();
    return row ? readJson(row.snapshot) : undefined;
  }

  async latest(electionId: string, kind: string): Promise<StoredResolution | undefined> {
    const row = await this.db
      .selectFrom('resolutions as r')
      .select(SUMMARY)
      .where('r.election_id', '=', electionId)
      .where('r.kind', '=', kind)
      .orderBy('r.version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toResolution(row) : undefined;
  }

  /** A new version after the latest of its kind; `undefined` when another took the number first. */
  async insert(r: NewResolution, now: Date): Promise<StoredResolution | undefined> {
    const last = await this.latest(r.electionId, r.kind);
    const version = (last?.version ?? 0) + 1;
    const at = timeValue(this.dialect, now);
    try {
      await this.db
        .insertInto('resolutions')
        .values({
          id: r.id,
          election_id: r.electionId,
          kind: r.kind,
          version,
          status: 'draft',
          texts: jsonValue(r.texts),
          snapshot: jsonValue(r.snapshot),
          snapshot_hash: r.snapshotHash,
          taken_at: timeValue(this.dialect, r.takenAt),
          chain_seq: r.chainHead?.seq ?? null,
          chain_hash: r.chainHead?.hash ?? null,
          created_by: r.createdBy,
          created_at: at,
          updated_at: at,
          approved_by: null,
          approved_at: null,
        })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
    return this.find(r.id);
  }

  /** Changes a draft's texts; false when it is no longer a draft (or was changed since `expected`). */
  async updateTexts(id: string, texts: unknown, now: Date, expectedUpdatedAt?: string): Promise<boolean> {
    let q = this.db
      .updateTable('resolutions')
      .set({ texts: jsonValue(texts), updated_at: timeValue(this.dialect, now) })
      .where('id', '=', id)
      .where('status', '=', 'draft');
    if (expectedUpdatedAt) q = q.where('updated_at', '=', timeValue(this.dialect, new Date(expectedUpdatedAt)));
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Freezes a draft; false when it was not a draft any more. */
  async approve(id: string, userId: string, now: Date): Promise<boolean> {
    const at = timeValue(this.dialect, now);
    const result = await this.db
      .updateTable('resolutions')
      .set({ status: 'approved', approved_by: userId, approved_at: at, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertRecommendations(
    items: { id: string; electionId: string; resolutionId: string; number: number; chapter: string; text: string }[],
    now: Date,
  ): Promise<void> {
    if (items.length === 0) return;
    const at = timeValue(this.dialect, now);
    await this.db
      .insertInto('recommendations')
      .values(
        items.map((i) => ({
          id: i.id,
          election_id: i.electionId,
          resolution_id: i.resolutionId,
          number: i.number,
          chapter: i.chapter,
          text: i.text,
          created_at: at,
        })),
      )
      .execute();
  }

  /** Election ids that already have recommendations from an approved final resolution. */
  async hasRecommendations(electionId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('recommendations')
      .select('id')
      .where('election_id', '=', electionId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Recommendations of earlier elections (voting day before `votingDate`), each from the latest
   * approved final resolution of its election, oldest election first.
   */
  async earlier(votingDate: string, excludeElectionId: string): Promise<StoredRecommendation[]> {
    const rows = await this.db
      .selectFrom('recommendations as m')
      .innerJoin('elections as e', 'e.id', 'm.election_id')
      .innerJoin('resolutions as r', 'r.id', 'm.resolution_id')
      .select([
        'm.id',
        'm.election_id',
        'e.name',
        'e.voting_date',
        'm.resolution_id',
        'm.number',
        'm.chapter',
        'm.text',
      ])
      .where('e.voting_date', '<', votingDate)
      .where('m.election_id', '!=', excludeElectionId)
      .where('r.status', '=', 'approved')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('resolutions as r2')
              .select('r2.id')
              .whereRef('r2.election_id', '=', 'r.election_id')
              .where('r2.kind', '=', 'final')
              .where('r2.status', '=', 'approved')
              .whereRef('r2.version', '>', 'r.version'),
          ),
        ),
      )
      .orderBy('e.voting_date')
      .orderBy('m.election_id')
      .orderBy('m.number')
      .limit(1000)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      electionId: r.election_id,
      electionName: readJson(r.name),
      votingDate: r.voting_date,
      resolutionId: r.resolution_id,
      number: r.number,
      chapter: r.chapter,
      text: r.text,
    }));
  }
}
