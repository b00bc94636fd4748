import type { Readable } from 'node:stream';
import {
  type Area,
  areaExportFields,
  areaExportRow,
  DomainError,
  stationExportFields,
  stationExportRow,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { writeCsv, writeXlsx } from '@pollwatch/documents';
import { type Actor, audit, scopeOf } from '../auth/actor.ts';

/** Exports write the import columns, so a file exported here imports back unchanged. */
export class TerritoryExports {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async areas(format: 'csv' | 'xlsx'): Promise<Readable> {
    const areas = await this.store.areas.list();
    const byId = new Map(areas.map((a) => [a.id, a]));
    const ordered = parentsFirst(areas);
    const rows = ordered.map((a) => areaExportRow(a, a.parentId ? byId.get(a.parentId) : undefined));
    return write(format, [...areaExportFields], rows, 'areas');
  }

  /** The stations of the scope (a regional coordinator's area; every one for national staff). */
  async stations(actor: Actor, electionId: string, format: 'csv' | 'xlsx'): Promise<Readable> {
    if (!(await this.store.elections.findById(electionId))) throw new DomainError('not_found', 'no such election');
    const byId = new Map((await this.store.areas.list()).map((a) => [a.id, a]));
    const label = (id: string) => {
      const a = byId.get(id);
      return a ? (a.code ?? a.name.ru) : '';
    };
    const stations = await this.store.stations.listAll(electionId, scopeOf(actor));
    const rows = stations.map((s) => stationExportRow(s, { region: label(s.regionId), area: label(s.areaId) }));
    // Who took which list of stations (and the coordinators' contacts on it) is on the record.
    await audit(
      this.store,
      actor,
      {
        action: 'station.exported',
        entityType: 'election',
        entityId: electionId,
        details: { format, count: rows.length },
      },
      this.now(),
    );
    return write(format, [...stationExportFields], rows, 'stations');
  }
}

function write(format: 'csv' | 'xlsx', headers: string[], rows: string[][], sheetName: string): Readable {
  return format === 'csv' ? writeCsv(headers, rows) : writeXlsx(headers, rows, { sheetName });
}

function parentsFirst(areas: Area[]): Area[] {
  const children = new Map<string | null, Area[]>();
  for (const a of areas) {
    const list = children.get(a.parentId) ?? [];
    list.push(a);
    children.set(a.parentId, list);
  }
  const result: Area[] = [];
  const known = new Set(areas.map((a) => a.id));
  const visit = (parentId: string | null) => {
    for (const a of children.get(parentId) ?? []) {
      result.push(a);
      visit(a.id);
    }
  };
  visit(null);
  // Areas whose parent is missing cannot happen (foreign key), but never drop a row from an export.
  for (const a of areas) if (!result.includes(a) && a.parentId && !known.has(a.parentId)) result.push(a);
  return result;
}
