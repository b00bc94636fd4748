import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AreaIndex,
  type AssignmentImportValue,
  assignmentExportFields,
  assignmentExportRow,
  assignmentKey,
  cellReader,
  DomainError,
  type ImportReport,
  type ImportRowProblem,
  type ObserverAccount,
  type ObserverKey,
  parseAssignmentRow,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { writeCsv, writeXlsx } from '@pollwatch/documents';

/** How each observer account can be named in a file, and the one key the export writes for it. */
async function observerDirectory(store: Store) {
  const accounts = await store.assignments.observerAccounts();
  const byKey = new Map<string, ObserverAccount[]>();
  const add = (key: string, account: ObserverAccount) => {
    const list = byKey.get(key) ?? [];
    if (!list.some((a) => a.id === account.id)) list.push(account);
    byKey.set(key, list);
  };
  const exportKey = new Map<string, string>();
  for (const a of accounts) {
    const account = { id: a.id, active: a.active };
    add(`id:${a.id}`, account);
    if (a.email) add(`email:${a.email.toLowerCase()}`, account);
    for (const phone of a.phones) add(`phone:${phone}`, account);
  }
  // The export names an observer by the key a re-import finds exactly one account by.
  for (const a of accounts) {
    const unique = (key: string) => byKey.get(key)?.length === 1;
    const phone = a.phones.find((p) => unique(`phone:${p}`));
    const email = a.email && unique(`email:${a.email.toLowerCase()}`) ? a.email : undefined;
    exportKey.set(a.id, phone ?? email ?? a.id);
  }
  return {
    observersOf: (key: ObserverKey) => byKey.get(`${key.by}:${key.value}`) ?? [],
    exportKey: (id: string) => exportKey.get(id) ?? id,
  };
}

async function stationKeys(store: Store, electionId: string) {
  const stations = await store.stations.listAll(electionId);
  return {
    stations,
    idOf: new Map(stations.map((s) => [`${s.regionId}:${s.number}`, s.id])),
  };
}

/**
 * An assignments file → the assignments it adds. Rows already assigned are "unchanged" (so a file
 * exported here imports back with nothing to do); nothing is ever removed by an import.
 */
export async function planAssignments(
  store: Store,
  electionId: string,
  rows: AsyncIterable<{ line: number; cells: string[] }>,
  indexes: Record<string, number>,
  report: ImportReport,
  addProblems: (list: readonly ImportRowProblem[]) => void,
): Promise<AssignmentImportValue[]> {
  const areas = new AreaIndex(await store.areas.list());
  const { idOf } = await stationKeys(store, electionId);
  const directory = await observerDirectory(store);
  const stored = new Set(
    (await store.assignments.list({ electionId })).map((a) =>
      assignmentKey({ observerId: a.observerId, stationId: a.stationId, shift: a.shift }),
    ),
  );
  const seen = new Map<string, number>();
  const added: AssignmentImportValue[] = [];
  for await (const row of rows) {
    report.rows += 1;
    const parsed = parseAssignmentRow(row.line, cellReader(row.cells, indexes), {
      areas,
      stationIdOf: (regionId, number) => idOf.get(`${regionId}:${number}`),
      observersOf: directory.observersOf,
    });
    if (!parsed.value) {
      report.rejected += 1;
      addProblems(parsed.problems);
      continue;
    }
    const key = assignmentKey(parsed.value);
    const firstLine = seen.get(key);
    if (firstLine !== undefined) {
      report.rejected += 1;
      addProblems([{ line: row.line, field: 'observer', code: 'duplicate_in_file', params: { firstLine } }]);
      continue;
    }
    seen.set(key, row.line);
    if (stored.has(key)) {
      report.unchanged += 1;
      continue;
    }
    report.added += 1;
    added.push(parsed.value);
  }
  return added;
}

export async function applyAssignments(
  tx: Store,
  electionId: string,
  added: readonly AssignmentImportValue[],
  createdBy: string | null,
  now: Date,
): Promise<void> {
  for (const a of added) {
    await tx.assignments.create({ id: randomUUID(), electionId, ...a, createdBy }, now);
  }
}

/** The election's assignments in the import columns: region, number, observer, name, shift. */
export async function exportAssignments(store: Store, electionId: string, format: 'csv' | 'xlsx'): Promise<Readable> {
  if (!(await store.elections.findById(electionId))) throw new DomainError('not_found', 'no such election');
  const areas = new Map((await store.areas.list()).map((a) => [a.id, a]));
  const { stations } = await stationKeys(store, electionId);
  const regionOf = new Map(stations.map((s) => [s.id, s.regionId]));
  const directory = await observerDirectory(store);
  const rows = (await store.assignments.list({ electionId })).map((a) => {
    const region = areas.get(regionOf.get(a.stationId) ?? '');
    return assignmentExportRow({
      region: region ? (region.code ?? region.name.ru) : '',
      stationNumber: a.stationNumber,
      observer: directory.exportKey(a.observerId),
      observerName: a.observerName,
      shift: a.shift,
    });
  });
  const headers = [...assignmentExportFields];
  // Names come from sign-up forms: no cell may start a formula in a spreadsheet.
  return format === 'csv'
    ? writeCsv(headers, rows, { escapeFormulas: true })
    : writeXlsx(headers, rows, { sheetName: 'assignments', escapeFormulas: true });
}
