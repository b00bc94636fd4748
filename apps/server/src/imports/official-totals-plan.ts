import { setImmediate as yieldToLoop } from 'node:timers/promises';
import {
  AreaIndex,
  areaResultsImportFields,
  cellReader,
  type Election,
  type ImportReport,
  type ImportRowProblem,
  type LabelledImportField,
  type OfficialTurnoutValue,
  officialTurnoutImportFields,
  type ProtocolTemplate,
  parseAreaResultsRow,
  parseOfficialTurnoutRow,
  suggestAreaResultsMapping,
  suggestMapping,
} from '@pollwatch/core';
import type { OfficialAreaTotalRow, Store } from '@pollwatch/db';
import { changedLines, type RowTally, tallyRow } from './row-tally.ts';

type Rows = AsyncIterable<{ line: number; cells: string[] }>;
type AddProblems = (list: readonly ImportRowProblem[]) => void;

/** The columns of the official area totals and official turnout imports. */
export function officialTotalsFields(kind: 'area_results' | 'official_turnout', template: ProtocolTemplate) {
  if (kind === 'area_results') {
    const fields: LabelledImportField[] = areaResultsImportFields(template);
    return { fields, suggest: (headers: readonly string[]) => suggestAreaResultsMapping(template, headers) };
  }
  const fields: LabelledImportField[] = [...officialTurnoutImportFields];
  return { fields, suggest: (headers: readonly string[]) => suggestMapping(fields, headers) };
}

/** Official totals per area: one row per area; an area twice in the file is rejected. */
export async function planAreaResults(
  store: Store,
  election: Election,
  rows: Rows,
  indexes: Record<string, number>,
  lineKeys: readonly string[],
  report: ImportReport,
  addProblems: AddProblems,
): Promise<OfficialAreaTotalRow[]> {
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
      changedFields: (v) => changedLines(stored.get(v.areaId), v.lines),
      changeKey: () => row.cells[indexes.area ?? -1] ?? '',
    });
    if (value) out.push(value);
  }
  return out;
}

/** Official turnout: one row per station (or area) and checkpoint. */
export async function planOfficialTurnout(
  store: Store,
  election: Election,
  rows: Rows,
  indexes: Record<string, number>,
  report: ImportReport,
  addProblems: AddProblems,
): Promise<OfficialTurnoutValue[]> {
  const areas = new AreaIndex(await store.areas.list());
  const mapped = new Set(Object.keys(indexes));
  const stations = mapped.has('number') ? await store.results.stationIdsByKey(election.id) : new Map<string, string>();
  const stored = new Map(
    (await store.results.turnout(election.id)).map((t) => [`${t.scope}:${t.targetId}:${t.checkpoint}`, t.voters]),
  );
  const tally: RowTally = { report, addProblems, seen: new Map() };
  const out: OfficialTurnoutValue[] = [];
  const keyOf = (v: OfficialTurnoutValue) => `${v.scope}:${v.targetId}:${v.checkpoint}`;
  for await (const row of rows) {
    report.rows += 1;
    if (report.rows % 1000 === 0) await yieldToLoop();
    const parsed = parseOfficialTurnoutRow(row.line, cellReader(row.cells, indexes), mapped, areas, (r, n) =>
      stations.get(`${r}:${n}`),
    );
    const value = tallyRow(tally, row.line, parsed, {
      key: keyOf,
      keyField: 'checkpoint',
      changedFields: (v) => {
        const before = stored.get(keyOf(v));
        return before === undefined ? undefined : before === v.voters ? [] : ['voters'];
      },
      changeKey: (v) => v.checkpoint,
    });
    if (value) out.push(value);
  }
  return out;
}
