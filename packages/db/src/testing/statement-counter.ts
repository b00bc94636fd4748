import type { KyselyPlugin } from 'kysely';
import type { Db } from '../database.ts';
import { Store } from '../store.ts';

/**
 * A store over `db` that records the kind of every statement it sends, for tests that count round
 * trips (issue 23). A transaction's BEGIN and COMMIT do not pass through it.
 */
export function countingStore(db: Db): { store: Store; statements: string[] } {
  const statements: string[] = [];
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      statements.push(args.node.kind);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { store: Store.over({ ...db, kysely: db.kysely.withPlugin(counter) }), statements };
}
