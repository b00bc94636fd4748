import { randomUUID } from 'node:crypto';
import { AreaIndex, cellReader, changedStationFields, parseStationRow, stationImportFields } from '@pollwatch/core';
import type { StationData } from '@pollwatch/db';
import { fixedFields, type ImportKindDefinition, requiredElection } from '../import-kind.ts';
import { REPORT_LIMIT } from '../row-tally.ts';

type StationUpsert = { id: string; data: StationData };

/** Polling stations of an election, upserted by region and number. */
export const stationsImport: ImportKindDefinition<StationUpsert[]> = {
  kind: 'stations',
  permission: 'stations.manage',
  election: 'required',
  fields: async () => fixedFields(stationImportFields),
  // A station's area may be given as its district or, for stations right under a region, as its region.
  mappingProblems: (indexes) =>
    indexes.area === undefined && indexes.region === undefined ? [{ code: 'required_column', field: 'area' }] : [],

  async plan({ store, electionId, indexes, report, addProblems }, rows) {
    const areas = new AreaIndex(await store.areas.list());
    const existing = new Map(
      (await store.stations.listAll(requiredElection(electionId))).map((s) => [`${s.regionId}:${s.number}`, s]),
    );
    const seen = new Map<string, number>();
    const upserts: StationUpsert[] = [];
    for await (const row of rows) {
      report.rows += 1;
      const parsed = parseStationRow(row.line, cellReader(row.cells, indexes), areas);
      if (!parsed.value) {
        report.rejected += 1;
        addProblems(parsed.problems);
        continue;
      }
      const key = `${parsed.value.regionId}:${parsed.value.number}`;
      const firstLine = seen.get(key);
      if (firstLine !== undefined) {
        report.rejected += 1;
        addProblems([{ line: row.line, field: 'number', code: 'duplicate_in_file', params: { firstLine } }]);
        continue;
      }
      seen.set(key, row.line);
      const stored = existing.get(key);
      if (!stored) {
        report.added += 1;
        upserts.push({ id: randomUUID(), data: { ...parsed.value, isDemo: false } });
        continue;
      }
      const changed = changedStationFields(stored, parsed.value);
      if (changed.length === 0) {
        report.unchanged += 1;
        continue;
      }
      report.changed += 1;
      if (report.changes.length < REPORT_LIMIT)
        report.changes.push({ line: row.line, key: String(parsed.value.number), fields: changed });
      upserts.push({ id: stored.id, data: { ...parsed.value, isDemo: stored.isDemo } });
    }
    return upserts;
  },

  async apply({ tx, electionId, now }, upserts) {
    await tx.stations.upsertMany(requiredElection(electionId), upserts, now);
  },
};
