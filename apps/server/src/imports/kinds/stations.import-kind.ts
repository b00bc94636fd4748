import { randomUUID } from 'node:crypto';
import {
  AreaIndex,
  cellReader,
  changedStationFields,
  keepUnmappedStationFields,
  type NewArea,
  parseStationRow,
  StationAreas,
  stationImportFields,
} from '@pollwatch/core';
import type { StationData } from '@pollwatch/db';
import { fixedFields, type ImportKindDefinition, requiredElection } from '../import-kind.ts';
import { REPORT_LIMIT } from '../row-tally.ts';

type StationUpsert = { id: string; data: StationData };
type StationPlan = { areas: NewArea[]; upserts: StationUpsert[] };

/**
 * Polling stations of an election, upserted by region and number. Region and district names are
 * matched forgivingly; with `createAreas` the regions and districts the tree lacks are created first.
 * The address is recommended. A column the file lacks keeps the stored value of every station it
 * updates (a commission's list without coordinates, hours or phones erases none of them).
 */
export const stationsImport: ImportKindDefinition<StationPlan> = {
  kind: 'stations',
  permission: 'stations.manage',
  election: 'required',
  fields: async () => fixedFields(stationImportFields),
  // A station's area may be given as its district or, for stations right under a region, as its region.
  mappingProblems: (indexes) =>
    indexes.area === undefined && indexes.region === undefined ? [{ code: 'required_column', field: 'area' }] : [],

  async plan({ store, electionId, indexes, report, addProblems, options }, rows) {
    const createAreas = options.createAreas === true;
    const areas = new StationAreas(new AreaIndex(await store.areas.list()), { createAreas, newId: randomUUID });
    const existing = new Map(
      (await store.stations.listAll(requiredElection(electionId))).map((s) => [`${s.regionId}:${s.number}`, s]),
    );
    const mapped = new Set(Object.keys(indexes));
    const seen = new Map<string, number>();
    const upserts: StationUpsert[] = [];
    let withoutAddress = 0;
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
      const value = stored ? keepUnmappedStationFields(stored, parsed.value, mapped) : parsed.value;
      if (!value.address) withoutAddress += 1;
      if (!stored) {
        report.added += 1;
        upserts.push({ id: randomUUID(), data: { ...value, isDemo: false } });
        continue;
      }
      const changed = changedStationFields(stored, value);
      if (changed.length === 0) {
        report.unchanged += 1;
        continue;
      }
      report.changed += 1;
      if (report.changes.length < REPORT_LIMIT)
        report.changes.push({ line: row.line, key: String(value.number), fields: changed });
      upserts.push({ id: stored.id, data: { ...value, isDemo: stored.isDemo } });
    }
    report.withoutAddress = withoutAddress;
    const missing = areas.missingAreas();
    if (missing.length > 0) {
      report.missingAreas = missing.slice(0, REPORT_LIMIT).map((a) => ({
        level: a.level,
        name: a.name,
        parentName: a.parentName,
        stations: a.stations,
        firstLine: a.firstLine,
        alsoWritten: a.alsoWritten,
      }));
    }
    if (createAreas) report.areasCreated = missing.length;
    const matches = areas.matches();
    if (matches.length > 0) report.areaMatches = matches.slice(0, REPORT_LIMIT);
    return { areas: createAreas ? missing : [], upserts };
  },

  async apply({ tx, electionId, now }, { areas, upserts }) {
    // Parents first (missingAreas lists regions before districts), with the ids the rows refer to.
    for (const a of areas) {
      await tx.areas.create(
        a.id,
        {
          parentId: a.parentId,
          level: a.level,
          code: null,
          name: { ru: a.name },
          commission: a.commissionName ? { name: a.commissionName } : null,
          isDemo: false,
        },
        now,
      );
    }
    await tx.stations.upsertMany(requiredElection(electionId), upserts, now);
  },
};
