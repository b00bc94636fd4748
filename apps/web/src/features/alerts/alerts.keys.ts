import { reportsKeys } from '../reports/reports.keys.ts';

/**
 * Query keys of the alerts. They live under the live screen's key (`reportsKeys.live`), so a report
 * arriving on the live stream refreshes them together with the counters and lists.
 */
export const alertsKeys = {
  list: (electionId: string) => [...reportsKeys.live(electionId), 'alerts'] as const,
};
