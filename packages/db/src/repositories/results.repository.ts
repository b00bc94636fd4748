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

/** The CEC's official per-station results of an election. */
export class ResultsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

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
    }
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

  async count(electionId: string): Promise<number> {
    const row = await this.db
      .selectFrom('official_results')
      .select(sql<number | string>`count(*)`.as('n'))
      .where('election_id', '=', electionId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
