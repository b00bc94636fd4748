import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { checkColumnMapping } from '@pollwatch/analytics';
import {
  AreaIndex,
  cellReader,
  type LabelledImportField,
  parseResultsRow,
  resultsImportFields,
  suggestResultsMapping,
} from '@pollwatch/core';
import { type ImportKindDefinition, importTemplate, requiredElection } from '../import-kind.ts';
import { changedLines, mergedLines, type RowTally, tallyRow } from '../row-tally.ts';

type StationResult = { stationId: string; lines: Record<string, number> };

/** Official results per polling station, in the columns of the election's protocol. */
export const resultsImport: ImportKindDefinition<StationResult[]> = {
  kind: 'results',
  permission: 'results.manage',
  election: 'required',
  async fields(store, electionId) {
    const template = await importTemplate(store, electionId);
    const fields: LabelledImportField[] = resultsImportFields(template);
    // Lines and ballot options by meaning, with a confidence; the wizard shows each choice.
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
        changedFields: (v) => changedLines(stored.get(v.stationId), mergedLines(stored.get(v.stationId), v.lines)),
        changeKey: () => row.cells[indexes.number ?? -1] ?? '',
      });
      if (value) results.push({ ...value, lines: mergedLines(stored.get(value.stationId), value.lines) });
    }
    // The protocol's own relations check the mapping: failing at most stations, a column is likely misplaced.
    const template = await importTemplate(store, electionId);
    const lineFields = lineKeys.filter((key) => mapped.has(key));
    const warnings = checkColumnMapping(
      template,
      lineFields.map((key) => ({ header: key, target: key })),
      results.map((r) => lineFields.map((key) => r.lines[key] ?? null)),
    );
    if (warnings.length > 0) {
      report.mappingWarnings = warnings.map((w) => ({
        relationId: w.relationId,
        judged: w.judged,
        failing: w.failing,
        fields: w.columns,
        fix: w.fix?.flatMap((m) => (m.from === null ? [] : [{ from: m.from, to: m.to }])) ?? null,
        holdsAfterFix: w.holdsAfterFix,
      }));
    }
    return results;
  },

  async apply({ tx, electionId, now }, results) {
    await tx.results.upsertMany(requiredElection(electionId), results, now);
  },
};
