/** Query keys of the resolution builder: an election's versions, one version in a locale, a diff. */
export const resolutionKeys = {
  all: ['resolution'] as const,
  list: (electionId: string) => ['resolution', 'list', electionId] as const,
  detail: (resolutionId: string, locale: string) => ['resolution', 'detail', resolutionId, locale] as const,
  diff: (resolutionId: string, against: string) => ['resolution', 'diff', resolutionId, against] as const,
};
