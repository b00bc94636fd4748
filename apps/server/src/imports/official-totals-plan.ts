import { setImmediate as yieldToLoop } from 'node:timers/promises';
import {
  AreaIndex,
  areaResultsImportFields,
  canonicalJson,
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

/** The report keeps the first changes; counts cover every row. */
const REPORT_LIMIT = 1000;

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
  const seen = new Map<string, number>();
  const out: OfficialAreaTotalRow[] = [];
  for await (const row of rows) {
    report.rows += 1;
    if (report.rows % 1000 === 0) await yieldToLoop();
    const parsed = parseAreaResultsRow(row.line, cellReader(row.cells, indexes), lineKeys, mapped, areas);
    if (parsed.skipped) {
      report.skipped = (report.skipped ?? 0) + 1;
      addProblems(parsed.problems);
      continue;
    }
    if (!parsed.value) {
      report.rejected += 1;
      addProblems(parsed.problems);
      continue;
    }
    const firstLine = seen.get(parsed.value.areaId);
    if (firstLine !== undefined) {
      report.rejected += 1;
      addProblems([{ line: row.line, field: 'area', code: 'duplicate_in_file', params: { firstLine } }]);
      continue;
    }
    seen.set(parsed.value.areaId, row.line);
    const before = stored.get(parsed.value.areaId);
    if (!before) report.added += 1;
    else if (canonicalJson(before) === canonicalJson(parsed.value.lines)) {
      report.unchanged += 1;
      continue;
    } else {
      report.changed += 1;
      if (report.changes.length < REPORT_LIMIT) {
        const lines = parsed.value.lines;
        const fields = [...new Set([...Object.keys(before), ...Object.keys(lines)])].filter(
          (k) => before[k] !== lines[k],
        );
        report.changes.push({ line: row.line, key: row.cells[indexes.area ?? -1] ?? '', fields });
      }
    }
    out.push(parsed.value);
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
  const seen = new Map<string, number>();
  const out: OfficialTurnoutValue[] = [];
  for await (const row of rows) {
    report.rows += 1;
    if (report.rows % 1000 === 0) await yieldToLoop();
    const parsed = parseOfficialTurnoutRow(row.line, cellReader(row.cells, indexes), mapped, areas, (r, n) =>
      stations.get(`${r}:${n}`),
    );
    if (parsed.skipped) {
      report.skipped = (report.skipped ?? 0) + 1;
      addProblems(parsed.problems);
      continue;
    }
    if (!parsed.value) {
      report.rejected += 1;
      addProblems(parsed.problems);
      continue;
    }
    const key = `${parsed.value.scope}:${parsed.value.targetId}:${parsed.value.checkpoint}`;
    const firstLine = seen.get(key);
    if (firstLine !== undefined) {
      report.rejected += 1;
      addProblems([{ line: row.line, field: 'checkpoint', code: 'duplicate_in_file', params: { firstLine } }]);
      continue;
    }
    seen.set(key, row.line);
    const before = stored.get(key);
    if (before === undefined) report.added += 1;
    else if (before === parsed.value.voters) {
      report.unchanged += 1;
      continue;
    } else {
      report.changed += 1;
      if (report.changes.length < REPORT_LIMIT)
        report.changes.push({ line: row.line, key: parsed.value.checkpoint, fields: ['voters'] });
    }
    out.push(parsed.value);
  }
  return out;
}
