import { type Static, Type } from 'typebox';
import { areaLevels } from '../territory/area.ts';
import { closed, literalUnion } from './schema-helpers.ts';
import { IdSchema, IsoTimeSchema } from './schemas.ts';
import { LocalizedTextSchema } from './territory-schemas.ts';

/** Readiness monitoring (issue 17): stations visited before voting day, findings, planned visits. */

const DateSchema = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const readinessStationFilters = ['all', 'problems', 'not_visited', 'visited'] as const;

export const ReadinessQuerySchema = Type.Object(
  {
    /** Drill down: the area whose subtree is shown (default: the whole scope). */
    areaId: Type.Optional(IdSchema),
    filter: Type.Optional(literalUnion(readinessStationFilters)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  closed,
);
export type ReadinessQuery = Static<typeof ReadinessQuerySchema>;

export const OperationsAreaSchema = Type.Object({
  id: IdSchema,
  name: LocalizedTextSchema,
  level: literalUnion(areaLevels),
});
export type OperationsArea = Static<typeof OperationsAreaSchema>;

const readinessCounts = { stations: Type.Integer(), visited: Type.Integer(), withProblems: Type.Integer() };
const ReadinessCountsSchema = Type.Object(readinessCounts);

export const ReadinessFindingSchema = Type.Object({
  questionId: Type.String(),
  label: LocalizedTextSchema,
  type: literalUnion(['yes_no', 'single_choice'] as const),
  /** Stations whose latest visit found the problem ('no', or the choice 'no'). */
  problem: Type.Integer(),
  answers: Type.Array(
    Type.Object({
      value: Type.Union([Type.Boolean(), Type.String()]),
      label: Type.Union([LocalizedTextSchema, Type.Null()]),
      problem: Type.Boolean(),
      stations: Type.Integer(),
    }),
  ),
});
export type ReadinessFinding = Static<typeof ReadinessFindingSchema>;

export const ReadinessStationSchema = Type.Object({
  id: IdSchema,
  number: Type.Integer(),
  address: Type.String(),
  areaId: IdSchema,
  areaName: Type.Union([LocalizedTextSchema, Type.Null()]),
  visited: Type.Boolean(),
  /** The latest readiness report: /hq/reports/:id. */
  latestReportId: Type.Union([IdSchema, Type.Null()]),
  reports: Type.Integer(),
  problems: Type.Array(Type.Object({ questionId: Type.String(), label: LocalizedTextSchema })),
  /** The earliest planned visit not yet done. */
  nextVisit: Type.Union([DateSchema, Type.Null()]),
});
export type ReadinessStation = Static<typeof ReadinessStationSchema>;

export const VisitProgressSchema = Type.Object({
  planned: Type.Integer(),
  done: Type.Integer(),
  overdue: Type.Integer(),
});

export const ReadinessViewSchema = Type.Object({
  period: Type.Object({ monitoringFrom: DateSchema, votingDate: DateSchema, today: DateSchema }),
  /** The area drilled into (null: the actor's whole scope), and the way down to it. */
  area: Type.Union([OperationsAreaSchema, Type.Null()]),
  path: Type.Array(OperationsAreaSchema),
  totals: ReadinessCountsSchema,
  areas: Type.Array(
    Type.Object({ id: IdSchema, name: LocalizedTextSchema, level: literalUnion(areaLevels), ...readinessCounts }),
  ),
  findings: Type.Array(ReadinessFindingSchema),
  plans: VisitProgressSchema,
  stations: Type.Object({ total: Type.Integer(), items: Type.Array(ReadinessStationSchema) }),
});
export type ReadinessView = Static<typeof ReadinessViewSchema>;

export const CreateReadinessVisitBodySchema = Type.Object(
  { observerId: IdSchema, stationId: IdSchema, visitDate: DateSchema },
  closed,
);
export type CreateReadinessVisitBody = Static<typeof CreateReadinessVisitBodySchema>;

export const readinessVisitStatuses = ['planned', 'done', 'overdue'] as const;
export type ReadinessVisitStatus = (typeof readinessVisitStatuses)[number];

export const ReadinessVisitSchema = Type.Object({
  id: IdSchema,
  electionId: IdSchema,
  observerId: IdSchema,
  observerName: Type.String(),
  stationId: IdSchema,
  stationNumber: Type.Integer(),
  stationAddress: Type.String(),
  visitDate: DateSchema,
  status: literalUnion(readinessVisitStatuses),
  reportId: Type.Union([IdSchema, Type.Null()]),
  createdAt: IsoTimeSchema,
});
export type ReadinessVisit = Static<typeof ReadinessVisitSchema>;

export const ReadinessVisitsQuerySchema = Type.Object(
  { stationId: Type.Optional(IdSchema), observerId: Type.Optional(IdSchema) },
  closed,
);
export const ReadinessVisitsListSchema = Type.Object({
  items: Type.Array(ReadinessVisitSchema),
  progress: VisitProgressSchema,
});
