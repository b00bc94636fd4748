import type { DemoRemoval, Store } from '@pollwatch/db';
import { audit } from '../auth/actor.ts';
import { createBlobStore } from '../storage/blob-store.ts';

/** The name a demo account keeps when the audit log names it and it cannot be deleted. */
export const REMOVED_DEMO_ACCOUNT = 'Удалённый демо-аккаунт';

/**
 * Removes exactly the demo's records in one transaction, audited (`demo.removed`), then the files
 * of its photos. The audit log is append-only: its entries about the demo stay, and a demo account
 * it names is disabled and renamed rather than deleted. Refused (nothing removed) when reports that
 * are not demo data were hash-chained after the demo's.
 */
export async function removeDemo(store: Store, now: () => Date, dataDir: string): Promise<DemoRemoval> {
  const at = now();
  const result = await store.transaction(async (tx) => {
    const removal = await tx.demo.remove(REMOVED_DEMO_ACCOUNT);
    if ('refused' in removal) return removal;
    await audit(
      tx,
      null,
      {
        action: 'demo.removed',
        details: { ...removal.removed, keptUsers: removal.keptUsers, keptAreas: removal.keptAreas },
      },
      at,
    );
    return removal;
  });
  if (!('refused' in result)) {
    const blobs = createBlobStore(store, dataDir);
    for (const hash of result.photoHashes) await blobs.remove(hash);
  }
  return result;
}
