/** Query keys of assignments and reports: `live(electionId)` is everything the live screen shows. */
export const reportsKeys = {
  assignments: (electionId: string) => ['assignments', electionId] as const,
  allAssignments: ['assignments'] as const,
  /** Everything the live screen shows of an election: refreshed together when a report arrives. */
  live: (electionId: string) => ['reports', electionId] as const,
  reports: (electionId: string, flagged: boolean) => ['reports', electionId, 'list', { flagged }] as const,
  stats: (electionId: string) => ['reports', electionId, 'stats'] as const,
  conflicts: (electionId: string) => ['reports', electionId, 'conflicts'] as const,
  detail: (reportId: string) => ['report', reportId] as const,
  allReports: ['reports'] as const,
};
