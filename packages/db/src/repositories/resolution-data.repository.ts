import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';

export interface IncidentCountRow {
  category: string;
  severity: string;
  status: string;
  regionId: string;
  count: number;
}

export interface IncidentExampleRow {
  reportId: string;
  stationNumber: number;
  regionId: string;
  category: string;
  severity: string;
  description: string;
}

export interface StationAnnexRow {
  stationId: string;
  number: number;
  regionId: string;
  readinessReports: number;
  votingDayReports: number;
  incidents: number;
}

/**
 * The figures of the resolution that no other part counts: incidents by category, severity,
 * verification state and region, verified examples, and per-station counts for the annex. Each is
 * one grouped query over the whole election (the resolution is national).
 */
export class ResolutionDataRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  private answer(column: string, key: string): RawBuilder<string | null> {
    return this.dialect === 'postgres'
      ? sql<string | null>`(${sql.ref(column)} ->> ${key}::text)`
      : sql<string | null>`json_extract(${sql.ref(column)}, ${`$.${key}`})`;
  }

  /** Incident reports (latest revisions) counted by category, severity, verification state and region. */
  async incidentCounts(electionId: string): Promise<IncidentCountRow[]> {
    const category = this.answer('v.answers', 'category');
    const severity = this.answer('v.answers', 'severity');
    const result = await sql<{
      category: string | null;
      severity: string | null;
      status: string | null;
      region_id: string;
      n: number | string;
    }>`
      select ${category} as category, ${severity} as severity, rv.status as status, st.region_id as region_id,
        count(*) as n
      from reports r
      join report_revisions v on v.report_id = r.id and v.revision = r.latest_revision
      join stations st on st.id = r.station_id
      left join report_verifications rv on rv.report_id = r.id
      where r.election_id = ${electionId} and r.form_kind = 'incident'
      group by 1, 2, 3, 4`.execute(this.db);
    return result.rows.map((r) => ({
      category: r.category ?? 'other',
      severity: r.severity ?? 'low',
      status: r.status ?? 'pending',
      regionId: r.region_id,
      count: Number(r.n),
    }));
  }

  /** Incidents the HQ verified, the most serious first, for the resolution's examples. */
  async verifiedIncidentExamples(electionId: string, limit: number): Promise<IncidentExampleRow[]> {
    const severity = this.answer('v.answers', 'severity');
    const result = await sql<{
      id: string;
      number: number;
      region_id: string;
      category: string | null;
      severity: string | null;
      description: string | null;
    }>`
      select r.id, st.number, st.region_id, ${this.answer('v.answers', 'category')} as category,
        ${severity} as severity, ${this.answer('v.answers', 'description')} as description
      from reports r
      join report_verifications rv on rv.report_id = r.id and rv.status = 'verified'
      join report_revisions v on v.report_id = r.id and v.revision = r.latest_revision
      join stations st on st.id = r.station_id
      where r.election_id = ${electionId} and r.form_kind = 'incident'
      order by case ${severity} when 'high' then 0 when 'medium' then 1 else 2 end, st.number, r.id
      limit ${limit}`.execute(this.db);
    return result.rows.map((r) => ({
      reportId: r.id,
      stationNumber: Number(r.number),
      regionId: r.region_id,
      category: r.category ?? 'other',
      severity: r.severity ?? 'low',
      description: r.description ?? '',
    }));
  }

  /** Every station of the election with its report counts (readiness, voting day, incidents). */
  async stationAnnex(electionId: string): Promise<StationAnnexRow[]> {
    const result = await sql<{
      id: string;
      number: number;
      region_id: string;
      readiness: number | string | null;
      voting: number | string | null;
      incidents: number | string | null;
    }>`
      select st.id, st.number, st.region_id, c.readiness, c.voting, c.incidents
      from stations st
      left join (
        select r.station_id,
          sum(case when r.form_kind = 'readiness' then 1 else 0 end) as readiness,
          sum(case when r.form_kind <> 'readiness' then 1 else 0 end) as voting,
          sum(case when r.form_kind = 'incident' then 1 else 0 end) as incidents
        from reports r where r.election_id = ${electionId}
        group by r.station_id
      ) c on c.station_id = st.id
      where st.election_id = ${electionId}
      order by st.number, st.region_id, st.id`.execute(this.db);
    return result.rows.map((r) => ({
      stationId: r.id,
      number: Number(r.number),
      regionId: r.region_id,
      readinessReports: Number(r.readiness ?? 0),
      votingDayReports: Number(r.voting ?? 0),
      incidents: Number(r.incidents ?? 0),
    }));
  }
}
