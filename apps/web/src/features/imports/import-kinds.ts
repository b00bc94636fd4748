import type { ImportKind } from '@pollwatch/core';

/** The server refuses bigger uploads; saying so before sending saves a long wait. */
export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;

/** A check lists this many row problems at most; the count says how many there are in all. */
export const PROBLEMS_SHOWN = 200;

/** Where each kind of import comes from and goes back to. */
const kindPaths = {
  stations: { path: '/hq/stations', label: 'nav.stations', done: 'imports.done.toStations' },
  areas: { path: '/hq/areas', label: 'nav.areas', done: 'imports.done.toAreas' },
  results: { path: '/hq/results', label: 'results.title', done: 'imports.done.toResults' },
  area_results: { path: '/hq/results/official', label: 'results.official.title', done: 'imports.done.toOfficial' },
  official_turnout: {
    path: '/hq/results/official',
    label: 'results.official.title',
    done: 'imports.done.toOfficial',
  },
  applicants: { path: '/hq/applicants', label: 'nav.applicants', done: 'imports.done.toApplicants' },
  assignments: { path: '/hq/assignments', label: 'assignments.title', done: 'imports.done.toAssignments' },
} as const satisfies Record<ImportKind, unknown>;

export function pathsOf(kind: ImportKind) {
  return kindPaths[kind];
}
