import { type Static, Type } from 'typebox';
import { LocalizedTextSchema } from './territory-schemas.ts';

/** One area's official totals beside the sum of its stations' official rows. */
export const AreaTotalsComparisonSchema = Type.Object({
  areaId: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  name: LocalizedTextSchema,
  level: Type.String(),
  /** Stations with official rows inside the area. */
  stations: Type.Integer(),
  mismatch: Type.Boolean(),
  lines: Type.Array(
    Type.Object({
      line: Type.String(),
      official: Type.Union([Type.Number(), Type.Null()]),
      stationSum: Type.Number(),
      difference: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
});
export type AreaTotalsComparison = Static<typeof AreaTotalsComparisonSchema>;

const TurnoutCheckpointSummarySchema = Type.Object({
  checkpoint: Type.String(),
  officialStations: Type.Integer(),
  officialVoters: Type.Number(),
  observedStations: Type.Integer(),
  observedVoters: Type.Number(),
  /** Stations with both an official figure and an observer's report at this checkpoint. */
  matchedStations: Type.Integer(),
  officialOnMatched: Type.Number(),
  observedOnMatched: Type.Number(),
  mismatchedStations: Type.Integer(),
});
export type TurnoutCheckpointSummary = Static<typeof TurnoutCheckpointSummarySchema>;

const TurnoutStationRowSchema = Type.Object({
  stationId: Type.String(),
  stationNumber: Type.Integer(),
  regionId: Type.String(),
  checkpoint: Type.String(),
  official: Type.Number(),
  observed: Type.Number(),
  difference: Type.Number(),
});
export type TurnoutStationRow = Static<typeof TurnoutStationRowSchema>;

const TurnoutAreaRowSchema = Type.Object({
  areaId: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  name: LocalizedTextSchema,
  checkpoint: Type.String(),
  official: Type.Number(),
  observedStations: Type.Integer(),
  observedVoters: Type.Number(),
});
export type TurnoutAreaRow = Static<typeof TurnoutAreaRowSchema>;

/** The CEC's turnout per checkpoint beside the observers' turnout reports. */
export const TurnoutComparisonSchema = Type.Object({
  checkpoints: Type.Array(Type.String()),
  summary: Type.Array(TurnoutCheckpointSummarySchema),
  stations: Type.Array(TurnoutStationRowSchema),
  areas: Type.Array(TurnoutAreaRowSchema),
});
export type TurnoutComparison = Static<typeof TurnoutComparisonSchema>;
