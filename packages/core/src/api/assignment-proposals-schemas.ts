import { type Static, Type } from 'typebox';
import { MAX_PER_STATION_CAP, overridableConflicts, proposalConflictCodes } from '../operations/assignment-proposal.ts';
import { AssignmentShiftSchema } from './reports-schemas.ts';
import { closed, literalUnion } from './schema-helpers.ts';
import { IdSchema } from './schemas.ts';

/** The automatic assignment proposal (issue 17, item 3): proposed, reviewed, then confirmed. */

export const ProposalConflictCodeSchema = literalUnion(proposalConflictCodes);
export const OverridableConflictSchema = literalUnion(overridableConflicts as typeof proposalConflictCodes);

export const ProposalBodySchema = Type.Object(
  {
    shift: AssignmentShiftSchema,
    /** Observers per station in the shift, counting those already there (default 1). */
    perStationCap: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PER_STATION_CAP })),
  },
  closed,
);
export type ProposalBody = Static<typeof ProposalBodySchema>;

const ProposalObserverSchema = Type.Object({ id: IdSchema, name: Type.String() });

export const ProposalRowSchema = Type.Object({
  observerId: IdSchema,
  observerName: Type.String(),
  stationId: IdSchema,
  stationNumber: Type.Integer(),
  stationAddress: Type.String(),
  inSample: Type.Boolean(),
  /** Other free observers who fit the station, for swapping. */
  alternatives: Type.Array(ProposalObserverSchema),
});

export const ProposalSchema = Type.Object({
  shift: AssignmentShiftSchema,
  perStationCap: Type.Integer(),
  rows: Type.Array(ProposalRowSchema),
  stations: Type.Integer(),
  uncoveredBefore: Type.Integer(),
  uncoveredAfter: Type.Integer(),
  sampleUncovered: Type.Integer(),
  sampleCovered: Type.Integer(),
  observers: Type.Integer(),
  skipped: Type.Object({
    booked: Type.Integer(),
    unavailable: Type.Integer(),
    uncertified: Type.Integer(),
    /** Observers who signed up for another election: never proposed. */
    otherElection: Type.Integer(),
  }),
});
export type ProposalDto = Static<typeof ProposalSchema>;

export const ConfirmProposalBodySchema = Type.Object(
  {
    shift: AssignmentShiftSchema,
    rows: Type.Array(Type.Object({ observerId: IdSchema, stationId: IdSchema }, closed), {
      minItems: 1,
      maxItems: 5000,
    }),
    perStationCap: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PER_STATION_CAP })),
    /** Confirm despite the conflicts a coordinator may override (audited on each assignment). */
    override: Type.Optional(Type.Boolean()),
  },
  closed,
);
export type ConfirmProposalBody = Static<typeof ConfirmProposalBodySchema>;

export const ConfirmProposalResultSchema = Type.Object({
  created: Type.Integer(),
  assignmentIds: Type.Array(IdSchema),
  /** Conflicts the override let through, per row index. */
  overridden: Type.Array(Type.Object({ row: Type.Integer(), codes: Type.Array(ProposalConflictCodeSchema) })),
});
export type ConfirmProposalResult = Static<typeof ConfirmProposalResultSchema>;

/**
 * The `details` of a refused confirmation (`assignment_conflicts`, 409): each row with conflicts,
 * and whether `override: true` would let it through.
 */
export interface ProposalRowConflicts {
  row: number;
  codes: (typeof proposalConflictCodes)[number][];
  overridable: boolean;
}
