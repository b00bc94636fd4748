import { randomUUID } from 'node:crypto';
import {
  type AreaImportValue,
  AreaIndex,
  areaImportFields,
  canonicalJson,
  cellReader,
  nameKey,
  parseAreaRow,
  planAreaImport,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { fixedFields, type ImportKindDefinition } from '../import-kind.ts';
import { REPORT_LIMIT } from '../row-tally.ts';

type PlannedAreas = ReturnType<typeof planAreaImport>['planned'];

/** The territory tree, upserted by code; not tied to an election. */
export const areasImport: ImportKindDefinition<PlannedAreas> = {
  kind: 'areas',
  permission: 'stations.manage',
  election: 'none',
  fields: async () => fixedFields(areaImportFields),

  async plan({ store, indexes, report, addProblems }, rows) {
    const values: AreaImportValue[] = [];
    for await (const row of rows) {
      report.rows += 1;
      const parsed = parseAreaRow(row.line, cellReader(row.cells, indexes));
      if (parsed.value) values.push(parsed.value);
      else addProblems(parsed.problems);
    }
    const storedAreas = await store.areas.list();
    // A column the file lacks keeps what the tree has (see planAreaImport).
    const planned = planAreaImport(values, storedAreas, new Set(Object.keys(indexes)));
    addProblems(planned.problems);
    report.problems.sort((a, b) => a.line - b.line);
    report.rejected = new Set([...planned.problems.map((p) => p.line), ...report.problems.map((p) => p.line)]).size;
    const stored = new Map(storedAreas.map((a) => [a.id, a]));
    for (const p of planned.planned) {
      if (p.change === 'added') report.added += 1;
      else if (p.change === 'unchanged') report.unchanged += 1;
      else {
        report.changed += 1;
        const before = p.existingId ? stored.get(p.existingId) : undefined;
        if (report.changes.length < REPORT_LIMIT) {
          report.changes.push({
            line: p.line,
            key: p.code,
            fields: before
              ? [
                  ...(before.level !== p.level ? ['level'] : []),
                  ...(canonicalJson(before.name) !== canonicalJson(p.name) ? ['name'] : []),
                  ...(canonicalJson(before.commission) !== canonicalJson(p.commission) ? ['commission'] : []),
                  ...(parentMoves(before.parentId, p.parent, stored) ? ['parent'] : []),
                ]
              : [],
          });
        }
      }
    }
    // Planned parents first; the report reads in the file's order, like its problems.
    report.changes.sort((a, b) => a.line - b.line);
    return planned.planned;
  },

  apply: ({ tx, now }, planned) => applyAreas(tx, planned, now),
};

/** Whether a planned parent (stored id, code in the file, or none) differs from the stored one. */
function parentMoves(
  before: string | null,
  planned: PlannedAreas[number]['parent'],
  stored: ReadonlyMap<string, { code: string | null }>,
): boolean {
  if (planned === null) return before !== null;
  if ('id' in planned) return planned.id !== before;
  const code = before ? stored.get(before)?.code : null;
  return !code || nameKey(code) !== nameKey(planned.code);
}

/** Writes planned areas parents-first, then re-homes stations whose numbering region moved. */
async function applyAreas(tx: Store, planned: PlannedAreas, now: Date): Promise<void> {
  const idByCode = new Map((await tx.areas.list()).filter((a) => a.code).map((a) => [nameKey(a.code as string), a.id]));
  let moved = false;
  for (const p of planned) {
    if (p.change === 'unchanged') continue;
    const parentId =
      p.parent === null ? null : 'id' in p.parent ? p.parent.id : (idByCode.get(nameKey(p.parent.code)) ?? null);
    const data = { parentId, level: p.level, code: p.code, name: p.name, commission: p.commission };
    if (p.existingId) {
      await tx.areas.update(p.existingId, data, now);
      moved = true;
    } else {
      const id = randomUUID();
      await tx.areas.create(id, { ...data, isDemo: false }, now);
      idByCode.set(nameKey(p.code), id);
    }
  }
  if (!moved) return;
  const index = new AreaIndex(await tx.areas.list());
  for (const election of await tx.elections.list()) {
    for (const s of await tx.stations.listAll(election.id)) {
      const regionId = index.regionOf(s.areaId);
      if (regionId !== s.regionId) await tx.stations.update(s.id, { ...s, regionId }, now);
    }
  }
}
