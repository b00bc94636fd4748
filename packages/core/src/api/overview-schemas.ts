import { type Static, Type } from 'typebox';
import { applicantStatuses } from '../recruitment/applicant.ts';
import { assignmentShifts } from '../reports/assignment.ts';
import { literalUnion } from './schema-helpers.ts';
import { IdSchema } from './schemas.ts';

/**
 * The campaign dashboard of one election in the actor's area: every figure is a count (never a
 * ratio: the UI divides, and shows "—" when the total is zero). `verification` and `alerts` are
 * filled by the verification queue and the alerts; null until they are.
 */
export const OverviewSchema = Type.Object({
  electionId: IdSchema,
  /** The day "today" means, in the election's time zone (`YYYY-MM-DD`). */
  today: Type.String(),
  recruitment: Type.Object({
    byStatus: Type.Array(Type.Object({ status: literalUnion(applicantStatuses), count: Type.Integer() })),
    total: Type.Integer(),
  }),
  observersReady: Type.Object({
    /** Certified, accredited or active applicants. */
    applicants: Type.Integer(),
    /** Observer accounts with at least one assignment in the election. */
    assigned: Type.Integer(),
  }),
  stations: Type.Integer(),
  readiness: Type.Object({
    monitoringFrom: Type.String(),
    votingDate: Type.String(),
    visited: Type.Integer(),
    total: Type.Integer(),
    plans: Type.Object({ planned: Type.Integer(), done: Type.Integer(), overdue: Type.Integer() }),
  }),
  coverage: Type.Array(
    Type.Object({ shift: literalUnion(assignmentShifts), covered: Type.Integer(), total: Type.Integer() }),
  ),
  reportsToday: Type.Integer(),
  verification: Type.Union([Type.Object({ open: Type.Integer(), claimed: Type.Integer() }), Type.Null()]),
  alerts: Type.Union([Type.Object({ open: Type.Integer() }), Type.Null()]),
});
export type Overview = Static<typeof OverviewSchema>;
