import { type Static, Type } from 'typebox';
import { type AssignmentShift, assignmentShifts } from '../reports/assignment.ts';
import { areaLevels } from '../territory/area.ts';
import { OperationsAreaSchema } from './readiness-schemas.ts';
import { closed, literalUnion } from './schema-helpers.ts';
import { IdSchema } from './schemas.ts';
import { LocalizedTextSchema } from './territory-schemas.ts';

/** Coverage (issue 17): per area and shift, stations with an observer and stations that reported. */

/** The report kinds whose arrival coverage shows for each shift, in the day's order. */
export const coveragePhases: Record<AssignmentShift, readonly string[]> = {
  readiness: ['readiness'],
  opening: ['opening', 'voting', 'turnout', 'closing', 'protocol'],
  voting_day: ['opening', 'voting', 'turnout', 'closing', 'protocol'],
  counting: ['opening', 'voting', 'turnout', 'closing', 'protocol'],
};

export const coverageStationFilters = ['all', 'uncovered', 'silent'] as const;

export const CoverageQuerySchema = Type.Object(
  {
    shift: Type.Optional(literalUnion(assignmentShifts)),
    areaId: Type.Optional(IdSchema),
    filter: Type.Optional(literalUnion(coverageStationFilters)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  closed,
);
export type CoverageQuery = Static<typeof CoverageQuerySchema>;

const coverageCounts = {
  stations: Type.Integer(),
  /** Stations with an observer assigned for the shift. */
  assigned: Type.Integer(),
  /** Stations that sent a report of each phase, in `phases` order. */
  reported: Type.Array(Type.Integer()),
};

export const CoverageViewSchema = Type.Object({
  shift: literalUnion(assignmentShifts),
  phases: Type.Array(Type.String()),
  area: Type.Union([OperationsAreaSchema, Type.Null()]),
  path: Type.Array(OperationsAreaSchema),
  totals: Type.Object(coverageCounts),
  areas: Type.Array(
    Type.Object({ id: IdSchema, name: LocalizedTextSchema, level: literalUnion(areaLevels), ...coverageCounts }),
  ),
  stations: Type.Object({
    total: Type.Integer(),
    items: Type.Array(
      Type.Object({
        id: IdSchema,
        number: Type.Integer(),
        address: Type.String(),
        areaId: IdSchema,
        areaName: Type.Union([LocalizedTextSchema, Type.Null()]),
        observers: Type.Integer(),
        reported: Type.Array(Type.Boolean()),
        latestReportId: Type.Union([IdSchema, Type.Null()]),
      }),
    ),
  }),
});
export type CoverageView = Static<typeof CoverageViewSchema>;
