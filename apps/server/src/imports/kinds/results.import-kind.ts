import { setImmediate as yieldToLoop } from 'node:timers/promises';
import {
  AreaIndex,
  cellReader,
  type LabelledImportField,
  parseResultsRow,
  resultsImportFields,
  suggestResultsMapping,
} from '@pollwatch/core';
import { type ImportKindDefinition, importTemplate, requiredElection } from '../import-kind.ts';
import { changedLines, type RowTally, tallyRow } from '../row-tally.ts';

type StationResult = { stationId: string; lines: Record<string, number> };

/** Official results per polling station, in the columns of the election's protocol. */
export const resultsImport: ImportKindDefinition<StationResult[]> = {
  kind: 'results',
  permission: 'results.manage',
  election: 'required',
  async fields(store, electionId) {
    const template = await importTemplate(store, electionId);
    const fields: LabelledImportField[] = resultsImportFields(template);
    return { fields, suggest: (headers) => suggestResultsMapping(template, headers) };
  },

  async plan({ store, electionId, fields, indexes, report, addProblems }, rows) {
    const election = requiredElection(electionId);
    const lineKeys = fields.filter((f) => !['region', 'area', 'number'].includes(f.key)).map((f) => f.key);
    const areas = new AreaIndex(await store.areas.list());
    // Read a page at a time: 100,000 stations in one query would hold the event loop for a second.
    const stations = await store.results.stationIdsByKey(election);
    const stored = await store.results.stored(election);
    const mapped = new Set(Object.keys(indexes));
    const tally: RowTally = { report, addProblems, seen: new Map() };
    const results: StationResult[] = [];
    for await (const row of rows) {
      report.rows += 1;
      // Parsed rows arrive from buffered chunks without a pause: let other requests run now and then.
      if (report.rows % 1000 === 0) await yieldToLoop();
      const parsed = parseResultsRow(
        row.line,
        cellReader(row.cells, indexes),
        lineKeys,
        mapped,
        areas,
        (regionId, number) => stations.get(`${regionId}:${number}`),
      );
      const value = tallyRow(tally, row.line, parsed, {
        key: (v) => v.stationId,
        keyField: 'number',
        changedFields: (v) => changedLines(stored.get(v.stationId), v.lines),
        changeKey: () => row.cells[indexes.number ?? -1] ?? '',
      });
      if (value) results.push(value);
    }
    return results;
  },

  async apply({ tx, electionId, now }, results) {
    await tx.results.upsertMany(requiredElection(electionId), results, now);
  },
};
