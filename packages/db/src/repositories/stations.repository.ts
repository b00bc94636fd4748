import type { AreaScope, CommissionContacts, Station } from '@pollwatch/core';
import { DomainError } from '@pollwatch/core';
import { type Kysely, type Selectable, sql } from 'kysely';
import { areaInScope } from '../area-scope.ts';
import type { DialectName } from '../database.ts';
import type { Database, StationsTable } from '../schema.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { boolValue, jsonValue, readBool, readJson, readTime, timeValue } from '../values.ts';

export type StationData = Omit<Station, 'id' | 'electionId' | 'createdAt' | 'updatedAt'>;

export interface StationSearch {
  /** A number (exact match) or words that must all appear in the address or name. */
  q?: string | undefined;
  /** Restrict to this area's subtree (a filter the user chose). */
  areaId?: string | undefined;
  /** The actor's area scope: stations in it only. */
  scope?: AreaScope | undefined;
  after?: { number: number; id: string } | undefined;
  limit: number;
}

function toStation(row: Selectable<StationsTable>): Station {
  return {
    id: row.id,
    electionId: row.election_id,
    areaId: row.area_id,
    regionId: row.region_id,
    number: row.number,
    name: row.name,
    address: row.address,
    registeredVoters: row.registered_voters,
    commission: (readJson(row.commission) as CommissionContacts | null) ?? null,
    latitude: row.latitude,
    longitude: row.longitude,
    accessibility: row.accessibility,
    pollsOpen: row.polls_open,
    pollsClose: row.polls_close,
    timeZone: row.time_zone,
    isDemo: readBool(row.is_demo),
    createdAt: readTime(row.created_at),
    updatedAt: readTime(row.updated_at),
  };
}

/** What search matches: lower-cased, ё folded, so "ауэзов" finds "Ауэзовский" in either dialect. */
export function stationSearchText(s: Pick<StationData, 'address' | 'name'>): string {
  return `${s.address} ${s.name ?? ''}`.toLowerCase().replace(/ё/g, 'е').trim();
}

/** Rows per INSERT: 1,000 × 19 columns stays under SQLite's 32,766 parameters and PostgreSQL's 65,535. */
const CHUNK = 1000;

export class StationsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  private row(electionId: string, id: string, s: StationData, at: Date | string) {
    return {
      id,
      election_id: electionId,
      area_id: s.areaId,
      region_id: s.regionId,
      number: s.number,
      name: s.name,
      address: s.address,
      registered_voters: s.registeredVoters,
      commission: s.commission === null ? null : jsonValue(s.commission),
      latitude: s.latitude,
      longitude: s.longitude,
      accessibility: s.accessibility,
      polls_open: s.pollsOpen,
      polls_close: s.pollsClose,
      time_zone: s.timeZone,
      search_text: stationSearchText(s),
      is_demo: boolValue(this.dialect, s.isDemo),
      created_at: at,
      updated_at: at,
    };
  }

  async create(electionId: string, id: string, data: StationData, now: Date): Promise<Station> {
    try {
      await this.db
        .insertInto('stations')
        .values(this.row(electionId, id, data, timeValue(this.dialect, now)))
        .execute();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('station_number_taken', 'this region has a station with this number');
      throw error;
    }
    return (await this.findById(id)) as Station;
  }

  async update(id: string, data: StationData, now: Date): Promise<Station | undefined> {
    const {
      id: _id,
      election_id: _e,
      created_at: _c,
      ...columns
    } = this.row('', id, data, timeValue(this.dialect, now));
    try {
      await this.db.updateTable('stations').set(columns).where('id', '=', id).execute();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('station_number_taken', 'this region has a station with this number');
      throw error;
    }
    return this.findById(id);
  }

  /**
   * Inserts new stations and overwrites existing ones by (election, region, number), in chunks.
   * Run inside a transaction: an import lands whole or not at all.
   */
  async upsertMany(electionId: string, rows: readonly { id: string; data: StationData }[], now: Date): Promise<void> {
    const at = timeValue(this.dialect, now);
    if (this.dialect === 'postgres') return this.upsertManyPostgres(electionId, rows, at);
    for (let i = 0; i < rows.length; i += CHUNK) {
      const values = rows.slice(i, i + CHUNK).map((r) => this.row(electionId, r.id, r.data, at));
      await this.db
        .insertInto('stations')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['election_id', 'region_id', 'number']).doUpdateSet((eb) => ({
            area_id: eb.ref('excluded.area_id'),
            name: eb.ref('excluded.name'),
            address: eb.ref('excluded.address'),
            registered_voters: eb.ref('excluded.registered_voters'),
            commission: eb.ref('excluded.commission'),
            latitude: eb.ref('excluded.latitude'),
            longitude: eb.ref('excluded.longitude'),
            accessibility: eb.ref('excluded.accessibility'),
            polls_open: eb.ref('excluded.polls_open'),
            polls_close: eb.ref('excluded.polls_close'),
            time_zone: eb.ref('excluded.time_zone'),
            search_text: eb.ref('excluded.search_text'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  }

  /**
   * PostgreSQL: one array parameter per column through unnest(), so a 5,000-row chunk is 19
   * parameters instead of 95,000 — several times faster than a multi-row VALUES list.
   */
  private async upsertManyPostgres(
    electionId: string,
    rows: readonly { id: string; data: StationData }[],
    at: Date | string,
  ): Promise<void> {
    const BIG_CHUNK = 5000;
    for (let i = 0; i < rows.length; i += BIG_CHUNK) {
      const values = rows.slice(i, i + BIG_CHUNK).map((r) => this.row(electionId, r.id, r.data, at));
      const column = <K extends keyof (typeof values)[number]>(key: K) => values.map((v) => v[key]);
      await sql`
        insert into stations (id, election_id, area_id, region_id, number, name, address, registered_voters,
          commission, latitude, longitude, accessibility, polls_open, polls_close, time_zone, search_text,
          is_demo, created_at, updated_at)
        select * from unnest(
          ${column('id')}::uuid[], ${column('election_id')}::uuid[], ${column('area_id')}::uuid[],
          ${column('region_id')}::uuid[], ${column('number')}::integer[], ${column('name')}::text[],
          ${column('address')}::text[], ${column('registered_voters')}::integer[], ${column('commission')}::jsonb[],
          ${column('latitude')}::double precision[], ${column('longitude')}::double precision[],
          ${column('accessibility')}::text[], ${column('polls_open')}::text[], ${column('polls_close')}::text[],
          ${column('time_zone')}::text[], ${column('search_text')}::text[], ${column('is_demo')}::boolean[],
          ${column('created_at')}::timestamptz[], ${column('updated_at')}::timestamptz[])
        on conflict (election_id, region_id, number) do update set
          area_id = excluded.area_id, name = excluded.name, address = excluded.address,
          registered_voters = excluded.registered_voters, commission = excluded.commission,
          latitude = excluded.latitude, longitude = excluded.longitude, accessibility = excluded.accessibility,
          polls_open = excluded.polls_open, polls_close = excluded.polls_close, time_zone = excluded.time_zone,
          search_text = excluded.search_text, updated_at = excluded.updated_at
      `.execute(this.db);
    }
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('stations').where('id', '=', id).execute();
  }

  /** The station; with a scope, only if it lies in it. */
  async findById(id: string, scope?: AreaScope): Promise<Station | undefined> {
    let query = this.db.selectFrom('stations').selectAll().where('id', '=', id);
    if (scope) query = query.where(areaInScope('stations.area_id', scope));
    const row = await query.executeTakeFirst();
    return row ? toStation(row) : undefined;
  }

  /** Those of `ids` that exist, in one query (ingest refreshes the stations it has seen at once). */
  async findByIds(ids: readonly string[]): Promise<Station[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('stations').selectAll().where('id', 'in', ids).execute();
    return rows.map(toStation);
  }

  /** Every station of an election (of the scope, if given), for import planning and export. */
  async listAll(electionId: string, scope: AreaScope = { kind: 'all' }): Promise<Station[]> {
    const rows = await this.db
      .selectFrom('stations')
      .selectAll()
      .where('election_id', '=', electionId)
      .where(areaInScope('stations.area_id', scope))
      .orderBy('region_id')
      .orderBy('number')
      .execute();
    return rows.map(toStation);
  }

  async search(electionId: string, s: StationSearch): Promise<{ items: Station[]; total: number }> {
    let query = this.db.selectFrom('stations').where('election_id', '=', electionId);
    if (s.scope) query = query.where(areaInScope('stations.area_id', s.scope));
    if (s.areaId) query = query.where(areaInScope('stations.area_id', { kind: 'area', areaId: s.areaId }));
    const q = s.q?.trim() ?? '';
    if (/^\d{1,6}$/.test(q)) {
      query = query.where('number', '=', Number(q));
    } else if (q) {
      // LIKE wildcards are dropped rather than escaped: the two dialects escape differently.
      const words = q
        .toLowerCase()
        .replace(/ё/g, 'е')
        .replace(/[\\%_]/g, ' ')
        .split(/\s+/)
        .filter(Boolean);
      for (const word of words.slice(0, 8)) query = query.where('search_text', 'like', `%${word}%`);
    }
    const totalRow = await query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    let page = query.selectAll();
    if (s.after) {
      const after = s.after;
      page = page.where((eb) =>
        eb.or([eb('number', '>', after.number), eb.and([eb('number', '=', after.number), eb('id', '>', after.id)])]),
      );
    }
    const rows = await page.orderBy('number').orderBy('id').limit(s.limit).execute();
    return { items: rows.map(toStation), total: Number(totalRow?.n ?? 0) };
  }

  /** Stations and registered voters per area (not yet summed up the tree). */
  async countsByArea(electionId: string): Promise<{ areaId: string; stations: number; voters: number }[]> {
    const rows = await this.db
      .selectFrom('stations')
      .select((eb) => [
        'area_id',
        eb.fn.countAll<number | string>().as('n'),
        eb.fn.sum<number | string | null>('registered_voters').as('voters'),
      ])
      .where('election_id', '=', electionId)
      .groupBy('area_id')
      .execute();
    return rows.map((r) => ({ areaId: r.area_id, stations: Number(r.n), voters: Number(r.voters ?? 0) }));
  }

  async countInArea(areaId: string): Promise<number> {
    const row = await this.db
      .selectFrom('stations')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where((eb) => eb.or([eb('area_id', '=', areaId), eb('region_id', '=', areaId)]))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
