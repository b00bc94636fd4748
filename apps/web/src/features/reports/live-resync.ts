import type { QueryClient } from '@tanstack/react-query';
import { overviewKeys } from '../overview/overview.keys.ts';
import { queueKeys } from '../queue/queue.keys.ts';
import { reportsKeys } from './reports.keys.ts';

/**
 * The live stream's `resync` event: the server dropped this reader because it fell too far behind
 * (more than its buffer), so some accepted reports were never delivered. Everything the console
 * derives from the stream is refetched: the live screen (counters, lists, alerts), the campaign
 * overview and the verification queue of the election.
 */
export async function resyncLiveQueries(queryClient: QueryClient, electionId: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: reportsKeys.live(electionId) }),
    queryClient.invalidateQueries({ queryKey: overviewKeys.one(electionId) }),
    queryClient.invalidateQueries({ queryKey: queueKeys.election(electionId) }),
  ]);
}
