import type { LocalizedText } from '@pollwatch/core';
import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { boolValue, readBool, readJson, readTime, timeValue } from '../values.ts';

export interface DashboardRow {
  electionId: string;
  electionName: LocalizedText;
  votingDate: string;
  timeZone: string;
  slug: string | null;
  published: boolean;
  quickCountPublished: boolean;
  /** The approved resolution version published with the dashboard, or null. */
  resolutionId: string | null;
  updatedAt: Date | null;
}

export type AreaGrouping = 'region' | 'area';

/** Kinds of report an observer sends on voting day (readiness visits come before it). */
const VOTING_DAY_KINDS = ['opening', 'voting', 'closing', 'turnout', 'protocol', 'incident'];

/**
 * The public dashboards (issue 19): each election's publication switch, and the aggregates the
 * public sees. Every figure is a count grouped in SQL; nothing here returns a person or a station.
 */
export class PublicDashboardRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  private base() {
    return this.db
      .selectFrom('elections as e')
      .leftJoin('public_dashboards as d', 'd.election_id', 'e.id')
      .select([
        'e.id',
        'e.name',
        'e.voting_date',
        'e.time_zone',
        'd.slug',
        'd.published',
        'd.quick_count_published',
        'd.published_resolution_id',
        'd.updated_at',
      ]);
  }

  private toRow(r: {
    id: string;
    name: unknown;
    voting_date: string;
    time_zone: string;
    slug: string | null;
    published: boolean | number | null;
    quick_count_published: boolean | number | null;
    published_resolution_id: string | null;
    updated_at: Date | string | null;
  }): DashboardRow {
    return {
      electionId: r.id,
      electionName: readJson(r.name) as LocalizedText,
      votingDate: r.voting_date,
      timeZone: r.time_zone,
      slug: r.slug,
      published: r.published === null ? false : readBool(r.published),
      quickCountPublished: r.quick_count_published === null ? false : readBool(r.quick_count_published),
      resolutionId: r.published_resolution_id,
      updatedAt: r.updated_at === null ? null : readTime(r.updated_at),
    };
  }

  /** Every election with its dashboard's state, newest voting day first. */
  async states(): Promise<DashboardRow[]> {
    const rows = await this.base().orderBy('e.voting_date', 'desc').orderBy('e.id').execute();
    return rows.map((r) => this.toRow(r));
  }

  async state(electionId: string): Promise<DashboardRow | undefined> {
    const row = await this.base().where('e.id', '=', electionId).executeTakeFirst();
    return row ? this.toRow(row) : undefined;
  }

  async publishedBySlug(slug: string): Promise<DashboardRow | undefined> {
    const row = await this.base()
      .where('d.slug', '=', slug)
      .where('d.published', '=', boolValue(this.dialect, true))
      .executeTakeFirst();
    return row ? this.toRow(row) : undefined;
  }

  async listPublished(): Promise<DashboardRow[]> {
    const rows = await this.base()
      .where('d.published', '=', boolValue(this.dialect, true))
      .orderBy('e.voting_date', 'desc')
      .execute();
    return rows.map((r) => this.toRow(r));
  }

  /** The newest approved version of the election's resolution: a final one before a preliminary. */
  async latestApprovedResolution(electionId: string): Promise<{ id: string } | undefined> {
    return this.db
      .selectFrom('resolutions')
      .select('id')
      .where('election_id', '=', electionId)
      .where('status', '=', 'approved')
      .orderBy(sql`case when kind = 'final' then 0 else 1 end`)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** Whether a resolution version is approved (frozen). */
  async resolutionApproved(resolutionId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('resolutions')
      .select('status')
      .where('id', '=', resolutionId)
      .executeTakeFirst();
    return row?.status === 'approved';
  }

  async slugsLike(base: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('public_dashboards')
      .select('slug')
      .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
      .execute();
    return new Set(rows.map((r) => r.slug));
  }

  async save(
    electionId: string,
    values: { slug: string; published: boolean; quickCountPublished: boolean; resolutionId: string | null },
    updatedBy: string | null,
    now: Date,
  ): Promise<void> {
    const row = {
      slug: values.slug,
      published: boolValue(this.dialect, values.published),
      quick_count_published: boolValue(this.dialect, values.quickCountPublished),
      published_resolution_id: values.resolutionId,
      updated_by: updatedBy,
      updated_at: timeValue(this.dialect, now),
    };
    await this.db
      .insertInto('public_dashboards')
      .values({ election_id: electionId, ...row })
      .onConflict((oc) => oc.column('election_id').doUpdateSet(row))
      .execute();
  }

  /**
   * Stations per area (the map's and the coverage's base): per region (`region`), or per the
   * station's own area, e.g. a city's districts (`area`).
   */
  async stationsPerArea(
    electionId: string,
    by: AreaGrouping,
  ): Promise<{ areaId: string; name: LocalizedText; stations: number }[]> {
    const column = by === 'region' ? 'st.region_id' : 'st.area_id';
    const rows = await this.db
      .selectFrom('stations as st')
      .innerJoin('areas as a', 'a.id', column)
      .select((eb) => ['a.id', 'a.name', eb.fn.countAll<number | string>().as('n')])
      .where('st.election_id', '=', electionId)
      .groupBy(['a.id', 'a.name'])
      .execute();
    return rows.map((r) => ({ areaId: r.id, name: readJson(r.name) as LocalizedText, stations: Number(r.n) }));
  }

  /** Stations per area with at least one report of the given kinds. */
  async coveredPerArea(electionId: string, kinds: readonly string[], by: AreaGrouping): Promise<Map<string, number>> {
    const column = by === 'region' ? 'st.region_id' : 'st.area_id';
    const rows = await this.db
      .selectFrom('reports as r')
      .innerJoin('stations as st', 'st.id', 'r.station_id')
      .select((eb) => [eb.ref(column).as('area'), eb.fn.count<number | string>('r.station_id').distinct().as('n')])
      .where('r.election_id', '=', electionId)
      .where('r.form_kind', 'in', [...kinds])
      .groupBy(column)
      .execute();
    return new Map(rows.map((r) => [r.area, Number(r.n)]));
  }

  /** Voting-day reports (not revisions). */
  async votingDayReports(electionId: string): Promise<number> {
    const row = await this.db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('election_id', '=', electionId)
      .where('form_kind', 'in', VOTING_DAY_KINDS)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Stations whose readiness report raised at least one flag (a finding). */
  async readinessWithFindings(electionId: string): Promise<number> {
    const nonEmpty = this.dialect === 'postgres' ? sql`r.flags <> '[]'::jsonb` : sql`r.flags <> '[]'`;
    const row = await this.db
      .selectFrom('reports as r')
      .select((eb) => eb.fn.count<number | string>('r.station_id').distinct().as('n'))
      .where('r.election_id', '=', electionId)
      .where('r.form_kind', '=', 'readiness')
      .where(nonEmpty as never)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Verified incidents by the category the observer chose, and by region. */
  async verifiedIncidents(
    electionId: string,
    by: AreaGrouping,
  ): Promise<{ byCategory: Map<string, number>; byArea: Map<string, number>; total: number }> {
    const column = by === 'region' ? 'st.region_id' : 'st.area_id';
    const category =
      this.dialect === 'postgres'
        ? sql<string>`rv.answers ->> 'category'`
        : sql<string>`json_extract(rv.answers, '$.category')`;
    const rows = await this.db
      .selectFrom('report_verifications as v')
      .innerJoin('reports as r', 'r.id', 'v.report_id')
      .innerJoin('report_revisions as rv', (j) =>
        j.onRef('rv.report_id', '=', 'r.id').onRef('rv.revision', '=', 'r.latest_revision'),
      )
      .innerJoin('stations as st', 'st.id', 'r.station_id')
      .select((eb) => [category.as('category'), eb.ref(column).as('area'), eb.fn.countAll<number | string>().as('n')])
      .where('v.election_id', '=', electionId)
      .where('v.form_kind', '=', 'incident')
      .where('v.status', '=', 'verified')
      .groupBy([category, column])
      .execute();
    const byCategory = new Map<string, number>();
    const byArea = new Map<string, number>();
    let total = 0;
    for (const r of rows) {
      const n = Number(r.n);
      const c = r.category ?? 'other';
      byCategory.set(c, (byCategory.get(c) ?? 0) + n);
      byArea.set(r.area, (byArea.get(r.area) ?? 0) + n);
      total += n;
    }
    return { byCategory, byArea, total };
  }
}
