import { randomUUID } from 'node:crypto';
import {
  AreaIndex,
  type AssignmentImportValue,
  type AssignmentWarningCode,
  areaPath,
  assignmentImportFields,
  assignmentKey,
  assignmentWarnings,
  canOverrideAssignment,
  cellReader,
  parseAssignmentRow,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { observerDirectory } from '../../reports/assignment-files.ts';
import { fixedFields, type ImportKindDefinition, requiredElection } from '../import-kind.ts';

/** A row to create, with the warnings `overrideWarnings` let through (audited on the assignment). */
type PlannedAssignment = AssignmentImportValue & { overridden: AssignmentWarningCode[] };

/**
 * Observer assignments of an election (region, number, observer phone or e-mail, shift). Rows
 * already assigned are "unchanged" (so a file exported by assignment-files.ts imports back with
 * nothing to do); nothing is ever removed by an import. A row whose observer is outside the
 * station's area or not certified is rejected with those warnings unless the run says
 * `overrideWarnings` (each such assignment then audited with them); an observer who signed up for
 * another election is always rejected: the same rules as assigning by hand.
 */
export const assignmentsImport: ImportKindDefinition<PlannedAssignment[]> = {
  kind: 'assignments',
  permission: 'assignments.manage',
  election: 'required',
  fields: async () => fixedFields(assignmentImportFields),

  async plan({ store, electionId, indexes, report, addProblems, options }, rows) {
    const election = requiredElection(electionId);
    const areaList = await store.areas.list();
    const areas = new AreaIndex(areaList);
    const stationList = await store.stations.listAll(election);
    const idOf = new Map(stationList.map((s) => [`${s.regionId}:${s.number}`, s.id]));
    const warningsOf = await rowWarnings(store, election, areaList, stationList);
    const directory = await observerDirectory(store);
    const stored = new Set(
      (await store.assignments.list({ electionId: election })).map((a) =>
        assignmentKey({ observerId: a.observerId, stationId: a.stationId, shift: a.shift }),
      ),
    );
    const seen = new Map<string, number>();
    const added: PlannedAssignment[] = [];
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
      const warnings = warningsOf(parsed.value);
      if (warnings.length > 0 && (!options.overrideWarnings || !canOverrideAssignment(warnings))) {
        report.rejected += 1;
        addProblems(warnings.map((code) => ({ line: row.line, field: 'observer', code })));
        continue;
      }
      report.added += 1;
      added.push({ ...parsed.value, overridden: warnings });
    }
    return added;
  },

  async apply({ tx, electionId, actorId, now }, added) {
    const election = requiredElection(electionId);
    for (const { overridden, ...a } of added) {
      const id = randomUUID();
      await tx.assignments.create({ id, electionId: election, ...a, createdBy: actorId }, now);
      if (overridden.length > 0) {
        await tx.audit.append(
          {
            actorId,
            action: 'assignment.created',
            entityType: 'assignment',
            entityId: id,
            details: { shift: a.shift, import: true, overridden },
          },
          now,
        );
      }
    }
  },
};

/** The warnings of each row, from the election's stations and observers read once. */
async function rowWarnings(
  store: Store,
  electionId: string,
  areaList: readonly { id: string; parentId: string | null }[],
  stationList: readonly { id: string; areaId: string }[],
): Promise<(value: AssignmentImportValue) => AssignmentWarningCode[]> {
  const byId = new Map(areaList.map((a) => [a.id, a]));
  const areaOf = new Map(stationList.map((s) => [s.id, s.areaId]));
  const observers = new Map(
    (await store.assignmentProposals.observers(electionId, 'voting_day', { kind: 'all' })).map((o) => [o.id, o]),
  );
  return (value) => {
    const observer = observers.get(value.observerId);
    if (!observer) return [];
    const path = areaPath(areaOf.get(value.stationId) ?? '', byId).map((a) => a.id);
    return assignmentWarnings({ electionId, observer, station: { areaPath: path } });
  };
}
