import type { Kysely, Selectable } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database, ReferralsTable } from '../schema.ts';
import { readTime, timeValue } from '../values.ts';

export interface StoredReferral {
  id: string;
  code: string;
  applicantId: string;
  electionId: string;
  stationId: string;
  locale: 'ru' | 'kk';
  issuedBy: string | null;
  issuedAt: Date;
  revokedAt: Date | null;
}

function toReferral(row: Selectable<ReferralsTable>): StoredReferral {
  return {
    id: row.id,
    code: row.code,
    applicantId: row.applicant_id,
    electionId: row.election_id,
    stationId: row.station_id,
    locale: row.locale as 'ru' | 'kk',
    issuedBy: row.issued_by,
    issuedAt: readTime(row.issued_at),
    revokedAt: row.revoked_at ? readTime(row.revoked_at) : null,
  };
}

/** Referral letters issued, each with the verification code printed on it. */
export class ReferralsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async create(r: Omit<StoredReferral, 'revokedAt'>): Promise<StoredReferral> {
    await this.db
      .insertInto('referrals')
      .values({
        id: r.id,
        code: r.code,
        applicant_id: r.applicantId,
        election_id: r.electionId,
        station_id: r.stationId,
        locale: r.locale,
        issued_by: r.issuedBy,
        issued_at: timeValue(this.dialect, r.issuedAt),
        revoked_at: null,
      })
      .execute();
    return { ...r, revokedAt: null };
  }

  async findById(id: string): Promise<StoredReferral | undefined> {
    const row = await this.db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toReferral(row) : undefined;
  }

  async findByCode(code: string): Promise<StoredReferral | undefined> {
    const row = await this.db.selectFrom('referrals').selectAll().where('code', '=', code).executeTakeFirst();
    return row ? toReferral(row) : undefined;
  }

  async listForApplicant(applicantId: string): Promise<StoredReferral[]> {
    const rows = await this.db
      .selectFrom('referrals')
      .selectAll()
      .where('applicant_id', '=', applicantId)
      .orderBy('issued_at')
      .orderBy('id')
      .execute();
    return rows.map(toReferral);
  }

  /** The letter already issued for this observer, station and language, to print it again. */
  async findCurrent(applicantId: string, stationId: string, locale: string): Promise<StoredReferral | undefined> {
    const row = await this.db
      .selectFrom('referrals')
      .selectAll()
      .where('applicant_id', '=', applicantId)
      .where('station_id', '=', stationId)
      .where('locale', '=', locale)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? toReferral(row) : undefined;
  }

  async moveToApplicant(fromApplicantId: string, toApplicantId: string): Promise<void> {
    await this.db
      .updateTable('referrals')
      .set({ applicant_id: toApplicantId })
      .where('applicant_id', '=', fromApplicantId)
      .execute();
  }

  async revokeForApplicants(applicantIds: readonly string[], now: Date): Promise<void> {
    if (applicantIds.length === 0) return;
    await this.db
      .updateTable('referrals')
      .set({ revoked_at: timeValue(this.dialect, now) })
      .where('applicant_id', 'in', [...applicantIds])
      .where('revoked_at', 'is', null)
      .execute();
  }
}
