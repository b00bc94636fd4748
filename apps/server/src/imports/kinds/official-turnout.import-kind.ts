import { setImmediate as yieldToLoop } from 'node:timers/promises';
import {
  AreaIndex,
  cellReader,
  type OfficialTurnoutValue,
  officialTurnoutImportFields,
  parseOfficialTurnoutRow,
} from '@pollwatch/core';
import { fixedFields, type ImportKindDefinition, importElection, requiredElection } from '../import-kind.ts';
import { type RowTally, tallyRow } from '../row-tally.ts';

/** Official turnout: one row per station (or area) and checkpoint. */
export const officialTurnoutImport: ImportKindDefinition<OfficialTurnoutValue[]> = {
  kind: 'official_turnout',
  permission: 'results.manage',
  election: 'required',
  async fields(store, electionId) {
    await importElection(store, electionId);
    return fixedFields(officialTurnoutImportFields);
  },

  async plan({ store, electionId, indexes, report, addProblems }, rows) {
    const election = await importElection(store, electionId);
    const areas = new AreaIndex(await store.areas.list());
    const mapped = new Set(Object.keys(indexes));
    const stations = mapped.has('number')
      ? await store.results.stationIdsByKey(election.id)
      : new Map<string, string>();
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
  },

  async apply({ tx, electionId, now }, turnout) {
    await tx.results.upsertTurnout(requiredElection(electionId), turnout, now);
  },
};
