import { randomUUID } from 'node:crypto';
import {
  AreaIndex,
  type AssignmentImportValue,
  assignmentImportFields,
  assignmentKey,
  cellReader,
  parseAssignmentRow,
} from '@pollwatch/core';
import { observerDirectory } from '../../reports/assignment-files.ts';
import { fixedFields, type ImportKindDefinition, requiredElection } from '../import-kind.ts';

/**
 * Observer assignments of an election (region, number, observer phone or e-mail, shift). Rows
 * already assigned are "unchanged" (so a file exported by assignment-files.ts imports back with
 * nothing to do); nothing is ever removed by an import.
 */
export const assignmentsImport: ImportKindDefinition<AssignmentImportValue[]> = {
  kind: 'assignments',
  permission: 'assignments.manage',
  election: 'required',
  fields: async () => fixedFields(assignmentImportFields),

  async plan({ store, electionId, indexes, report, addProblems }, rows) {
    const election = requiredElection(electionId);
    const areas = new AreaIndex(await store.areas.list());
    const idOf = new Map((await store.stations.listAll(election)).map((s) => [`${s.regionId}:${s.number}`, s.id]));
    const directory = await observerDirectory(store);
    const stored = new Set(
      (await store.assignments.list({ electionId: election })).map((a) =>
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
  },

  async apply({ tx, electionId, actorId, now }, added) {
    const election = requiredElection(electionId);
    for (const a of added) {
      await tx.assignments.create({ id: randomUUID(), electionId: election, ...a, createdBy: actorId }, now);
    }
  },
};
