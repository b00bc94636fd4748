/** A readiness visit's answers; by default all is in order, `problems` says what is not. */
export const readinessAnswers = (problems: { accessible?: boolean; cameras?: string } = {}) => ({
  check_date: '2026-11-05',
  station_open: true,
  commission_present: true,
  members_present: 5,
  voter_lists_available: true,
  candidate_info_posted: true,
  booths_in_place: true,
  boxes_in_place: true,
  accessible: problems.accessible ?? true,
  cameras: problems.cameras ?? 'yes',
  premises_fit: true,
});
