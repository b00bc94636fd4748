import type { ImportKind } from '@pollwatch/core';
import type { ImportKindDefinition } from './import-kind.ts';
import { applicantsImport } from './kinds/applicants.import-kind.ts';
import { areaResultsImport } from './kinds/area-results.import-kind.ts';
import { areasImport } from './kinds/areas.import-kind.ts';
import { assignmentsImport } from './kinds/assignments.import-kind.ts';
import { officialTurnoutImport } from './kinds/official-turnout.import-kind.ts';
import { resultsImport } from './kinds/results.import-kind.ts';
import { stationsImport } from './kinds/stations.import-kind.ts';

/**
 * Every kind of import, by name: the one place ImportsService (the API and `pollwatch import`) and
 * the import worker thread find a kind's permission, election, columns, dry run and apply.
 *
 * To add a kind: copy one file in kinds/ (e.g. stations.import-kind.ts) and change its fields,
 * plan and apply; add its name to `importKinds` in @pollwatch/core (the API schemas); add one line
 * here. Nothing else branches on the kind.
 */
export const importKindRegistry: Readonly<Record<ImportKind, ImportKindDefinition>> = Object.freeze({
  stations: stationsImport,
  areas: areasImport,
  results: resultsImport,
  area_results: areaResultsImport,
  official_turnout: officialTurnoutImport,
  applicants: applicantsImport,
  assignments: assignmentsImport,
});

/** The definition of an import kind. */
export function importKindOf(kind: ImportKind): ImportKindDefinition {
  return importKindRegistry[kind];
}
