import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { jsonValue, readJson, timeValue } from '../values.ts';

export interface OfficialResultRow {
  stationId: string;
  stationNumber: number;
  regionId: string;
  registeredVoters: number | null;
  lines: Record<string, number>;
}

/** A page row also names the station's own area (the leaf of the territory tree). */
export interface OfficialResultPageRow extends OfficialResultRow {
  areaId: string;
}

export interface OfficialAreaTotalRow {
  areaId: string;
  lines: Record<string, number>;
}

export type OfficialTurnoutScope = 'station' | 'area';

export interface OfficialTurnoutRow {
  scope: OfficialTurnoutScope;
  /** A station id or an area id, after `scope`. */
  targetId: string;
  /** HH:MM, local time of the election. */
  checkpoint: string;
  voters: number;
}

/** The CEC's official per-station results of an election. */
export class ResultsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /**
   * Marks the election's official data as changed: caches of its analysis key on this version, so
   * every server process sharing the database sees the change. Run inside the import's transaction.
   */
  async bumpVersion(electionId: string, now: Date): Promise<void> {
    const at = timeValue(this.dialect, now);
    const value = jsonValue({ version: randomUUID() });
    await this.db
      .insertInto('settings')
      .values({ key: versionKey(electionId), value, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
      .execute();
  }

  async stored(electionId: string): Promise<Map<string, Record<string, number>>> {
    const rows = await this.db
      .selectFrom('official_results')
      .select(['station_id', 'lines'])
      .where('election_id', '=', electionId)
      .execute();
    return new Map(rows.map((r) => [r.station_id, readJson(r.lines) as Record<string, number>]));
  }

  /** Inserts or replaces rows by station, many at a time; run inside the import's transaction. */
  async upsertMany(
    electionId: string,
    rows: readonly { stationId: string; lines: Record<string, number> }[],
    now: Date,
  ) {
    const at = timeValue(this.dialect, now);
    for (let i = 0; i < rows.length; i += 1000) {
      await this.db
        .insertInto('official_results')
        .values(
          rows.slice(i, i + 1000).map((r) => ({
            election_id: electionId,
            station_id: r.stationId,
            lines: jsonValue(r.lines),
            imported_at: at,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['election_id', 'station_id']).doUpdateSet((eb) => ({
            lines: eb.ref('excluded.lines'),
            imported_at: eb.ref('excluded.imported_at'),
          })),
        )
        .execute();
      // Let the event loop run between batches (other queries wait for the transaction).
      await yieldToLoop();
    }
    await this.bumpVersion(electionId, now);
  }

  async list(electionId: string): Promise<OfficialResultRow[]> {
    const rows = await this.db
      .selectFrom('official_results as o')
      .innerJoin('stations as s', 's.id', 'o.station_id')
      .select(['o.station_id', 'o.lines', 's.number', 's.region_id', 's.registered_voters'])
      .where('o.election_id', '=', electionId)
      .orderBy('s.region_id')
      .orderBy('s.number')
      .execute();
    return rows.map((r) => ({
      stationId: r.station_id,
      stationNumber: r.number,
      regionId: r.region_id,
      registeredVoters: r.registered_voters,
      lines: readJson(r.lines) as Record<string, number>,
    }));
  }

  /**
   * Rows in pages by station id (keyset), so that a country's 100,000 rows are read a page at a
   * time and the event loop breathes between pages.
   */
  async page(electionId: string, afterStationId: string | null, limit: number): Promise<OfficialResultPageRow[]> {
    let q = this.db
      .selectFrom('official_results as o')
      .innerJoin('stations as s', 's.id', 'o.station_id')
      .select(['o.station_id', 'o.lines', 's.number', 's.region_id', 's.area_id', 's.registered_voters'])
      .where('o.election_id', '=', electionId);
    if (afterStationId !== null) q = q.where('o.station_id', '>', afterStationId);
    const rows = await q.orderBy('o.station_id').limit(limit).execute();
    return rows.map((r) => ({
      stationId: r.station_id,
      stationNumber: r.number,
      regionId: r.region_id,
      areaId: r.area_id,
      registeredVoters: r.registered_voters,
      lines: readJson(r.lines) as Record<string, number>,
    }));
  }

  /**
   * Every official row of the election at once, for a worker thread (which may block): two plain
   * scans joined in memory, cheaper than an index lookup of the station per row.
   */
  async allForAnalysis(electionId: string): Promise<OfficialResultPageRow[]> {
    const stations = new Map(
      (
        await this.db
          .selectFrom('stations')
          .select(['id', 'number', 'region_id', 'area_id', 'registered_voters'])
          .where('election_id', '=', electionId)
          .execute()
      ).map((s) => [s.id, s]),
    );
    const rows = await this.db
      .selectFrom('official_results')
      .select(['station_id', 'lines'])
      .where('election_id', '=', electionId)
      .execute();
    const out: OfficialResultPageRow[] = [];
    for (const r of rows) {
      const s = stations.get(r.station_id);
      if (!s) continue;
      out.push({
        stationId: r.station_id,
        stationNumber: s.number,
        regionId: s.region_id,
        areaId: s.area_id,
        registeredVoters: s.registered_voters,
        lines: readJson(r.lines) as Record<string, number>,
      });
    }
    return out;
  }

  /**
   * Rows ordered by region and station number, `limit` after (or, `backwards`, before) the cursor
   * station `{ regionId, number }`, with the total. Keyset, not offset: the far pages of a
   * country's 100,000 rows cost what the first one does.
   */
  async listPaged(
    electionId: string,
    page: { cursor?: { regionId: string; number: number } | undefined; backwards?: boolean; limit: number },
  ): Promise<{ total: number; items: OfficialResultRow[] }> {
    const direction = page.backwards ? 'desc' : 'asc';
    let q = this.db
      .selectFrom('stations as s')
      .innerJoin('official_results as o', (j) =>
        j.onRef('o.station_id', '=', 's.id').on('o.election_id', '=', electionId),
      )
      .select(['o.station_id', 'o.lines', 's.number', 's.region_id', 's.registered_voters'])
      .where('s.election_id', '=', electionId);
    if (page.cursor) {
      const { regionId, number } = page.cursor;
      q = q.where((eb) =>
        page.backwards
          ? eb.or([
              eb('s.region_id', '<', regionId),
              eb.and([eb('s.region_id', '=', regionId), eb('s.number', '<', number)]),
            ])
          : eb.or([
              eb('s.region_id', '>', regionId),
              eb.and([eb('s.region_id', '=', regionId), eb('s.number', '>', number)]),
            ]),
      );
    }
    const rows = await q.orderBy('s.region_id', direction).orderBy('s.number', direction).limit(page.limit).execute();
    if (page.backwards) rows.reverse();
    return {
      total: await this.count(electionId),
      items: rows.map((r) => ({
        stationId: r.station_id,
        stationNumber: r.number,
        regionId: r.region_id,
        registeredVoters: r.registered_voters,
        lines: readJson(r.lines) as Record<string, number>,
      })),
    };
  }

  /** What changes whenever official data of the election is imported (see bumpVersion). */
  async stamp(electionId: string): Promise<string> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', versionKey(electionId))
      .executeTakeFirst();
    return row ? ((readJson(row.value) as { version?: string }).version ?? '') : '';
  }

  // ---- official totals per area ----

  async storedAreaTotals(electionId: string): Promise<Map<string, Record<string, number>>> {
    return new Map((await this.areaTotals(electionId)).map((r) => [r.areaId, r.lines]));
  }

  async areaTotals(electionId: string): Promise<OfficialAreaTotalRow[]> {
    const rows = await this.db
      .selectFrom('official_area_results')
      .select(['area_id', 'lines'])
      .where('election_id', '=', electionId)
      .execute();
    return rows.map((r) => ({ areaId: r.area_id, lines: readJson(r.lines) as Record<string, number> }));
  }

  async upsertAreaTotals(electionId: string, rows: readonly OfficialAreaTotalRow[], now: Date) {
    const at = timeValue(this.dialect, now);
    for (let i = 0; i < rows.length; i += 1000) {
      await this.db
        .insertInto('official_area_results')
        .values(
          rows.slice(i, i + 1000).map((r) => ({
            election_id: electionId,
            area_id: r.areaId,
            lines: jsonValue(r.lines),
            imported_at: at,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['election_id', 'area_id']).doUpdateSet((eb) => ({
            lines: eb.ref('excluded.lines'),
            imported_at: eb.ref('excluded.imported_at'),
          })),
        )
        .execute();
      // Let the event loop run between batches (other queries wait for the transaction).
      await yieldToLoop();
    }
    await this.bumpVersion(electionId, now);
  }

  // ---- official turnout per checkpoint ----

  async turnout(electionId: string): Promise<OfficialTurnoutRow[]> {
    const rows = await this.db
      .selectFrom('official_turnout')
      .select(['scope', 'target_id', 'checkpoint', 'voters'])
      .where('election_id', '=', electionId)
      .orderBy('checkpoint')
      .orderBy('scope')
      .orderBy('target_id')
      .execute();
    return rows.map((r) => ({
      scope: r.scope as OfficialTurnoutScope,
      targetId: r.target_id,
      checkpoint: r.checkpoint,
      voters: r.voters,
    }));
  }

  async upsertTurnout(electionId: string, rows: readonly OfficialTurnoutRow[], now: Date) {
    const at = timeValue(this.dialect, now);
    for (let i = 0; i < rows.length; i += 1000) {
      await this.db
        .insertInto('official_turnout')
        .values(
          rows.slice(i, i + 1000).map((r) => ({
            election_id: electionId,
            scope: r.scope,
            target_id: r.targetId,
            checkpoint: r.checkpoint,
            voters: r.voters,
            imported_at: at,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['election_id', 'scope', 'target_id', 'checkpoint']).doUpdateSet((eb) => ({
            voters: eb.ref('excluded.voters'),
            imported_at: eb.ref('excluded.imported_at'),
          })),
        )
        .execute();
      // Let the event loop run between batches (other queries wait for the transaction).
      await yieldToLoop();
    }
    await this.bumpVersion(electionId, now);
  }

  /**
   * "regionId:number" → station id for every station of the election, read in pages with the
   * event loop let run between them (a country's 100,000 stations at once would stall it).
   */
  async stationIdsByKey(electionId: string, pageRows = 5000): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let after: string | null = null;
    for (;;) {
      let q = this.db
        .selectFrom('stations')
        .select(['id', 'region_id', 'number'])
        .where('election_id', '=', electionId);
      if (after !== null) q = q.where('id', '>', after);
      const rows = await q.orderBy('id').limit(pageRows).execute();
      for (const r of rows) out.set(`${r.region_id}:${r.number}`, r.id);
      if (rows.length < pageRows) return out;
      after = rows[rows.length - 1]?.id ?? null;
      await yieldToLoop();
    }
  }

  /** A few stations by id (those observers reported on), for lists beside the official rows. */
  async stationsByIds(ids: readonly string[]) {
    const out: { id: string; number: number; regionId: string; areaId: string; registeredVoters: number | null }[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('stations')
        .select(['id', 'number', 'region_id', 'area_id', 'registered_voters'])
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows)
        out.push({
          id: r.id,
          number: r.number,
          regionId: r.region_id,
          areaId: r.area_id,
          registeredVoters: r.registered_voters,
        });
    }
    return out;
  }

  async count(electionId: string): Promise<number> {
    const row = await this.db
      .selectFrom('official_results')
      .select(sql<number | string>`count(*)`.as('n'))
      .where('election_id', '=', electionId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}

const versionKey = (electionId: string) => `official_results_version:${electionId}`;
