import { setImmediate as yieldToLoop } from 'node:timers/promises';
import {
  AreaIndex,
  areaResultsImportFields,
  cellReader,
  type LabelledImportField,
  parseAreaResultsRow,
  suggestAreaResultsMapping,
} from '@pollwatch/core';
import type { OfficialAreaTotalRow } from '@pollwatch/db';
import { type ImportKindDefinition, importElection, importTemplate, requiredElection } from '../import-kind.ts';
import { changedLines, mergedLines, type RowTally, tallyRow } from '../row-tally.ts';

/** Official totals per area: one row per area; an area twice in the file is rejected. */
export const areaResultsImport: ImportKindDefinition<OfficialAreaTotalRow[]> = {
  kind: 'area_results',
  permission: 'results.manage',
  election: 'required',
  async fields(store, electionId) {
    const template = await importTemplate(store, electionId);
    const fields: LabelledImportField[] = areaResultsImportFields(template);
    return { fields, suggest: (headers) => suggestAreaResultsMapping(template, headers) };
  },

  async plan({ store, electionId, fields, indexes, report, addProblems }, rows) {
    const election = await importElection(store, electionId);
    const lineKeys = fields.filter((f) => f.key !== 'area').map((f) => f.key);
    const areas = new AreaIndex(await store.areas.list());
    const stored = await store.results.storedAreaTotals(election.id);
    const mapped = new Set(Object.keys(indexes));
    const tally: RowTally = { report, addProblems, seen: new Map() };
    const out: OfficialAreaTotalRow[] = [];
    for await (const row of rows) {
      report.rows += 1;
      if (report.rows % 1000 === 0) await yieldToLoop();
      const parsed = parseAreaResultsRow(row.line, cellReader(row.cells, indexes), lineKeys, mapped, areas);
      const value = tallyRow(tally, row.line, parsed, {
        key: (v) => v.areaId,
        keyField: 'area',
        changedFields: (v) => changedLines(stored.get(v.areaId), mergedLines(stored.get(v.areaId), v.lines)),
        changeKey: () => row.cells[indexes.area ?? -1] ?? '',
      });
      if (value) out.push({ ...value, lines: mergedLines(stored.get(value.areaId), value.lines) });
    }
    return out;
  },

  async apply({ tx, electionId, now }, totals) {
    await tx.results.upsertAreaTotals(requiredElection(electionId), totals, now);
  },
};
