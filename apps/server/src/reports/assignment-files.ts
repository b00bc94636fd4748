import type { Readable } from 'node:stream';
import {
  type AreaScope,
  assignmentExportFields,
  assignmentExportRow,
  DomainError,
  type ObserverAccount,
  type ObserverKey,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { writeCsv, writeXlsx } from '@pollwatch/documents';

/** How each observer account can be named in a file, and the one key the export writes for it. */
export async function observerDirectory(store: Store) {
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
 * The election's assignments in the import columns (region, number, observer, name, shift), to
 * the stations of the scope only. The caller audits the download.
 */
export async function exportAssignments(
  store: Store,
  electionId: string,
  format: 'csv' | 'xlsx',
  scope: AreaScope,
): Promise<{ stream: Readable; rows: number }> {
  if (!(await store.elections.findById(electionId))) throw new DomainError('not_found', 'no such election');
  const areas = new Map((await store.areas.list()).map((a) => [a.id, a]));
  const { stations } = await stationKeys(store, electionId);
  const regionOf = new Map(stations.map((s) => [s.id, s.regionId]));
  const directory = await observerDirectory(store);
  const rows = (await store.assignments.list({ electionId, scope })).map((a) => {
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
  const stream =
    format === 'csv'
      ? writeCsv(headers, rows, { escapeFormulas: true })
      : writeXlsx(headers, rows, { sheetName: 'assignments', escapeFormulas: true });
  return { stream, rows: rows.length };
}
