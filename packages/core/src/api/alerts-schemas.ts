import { type Static, Type } from 'typebox';
import { alertKinds } from '../operations/alert-schedule.ts';
import { literalUnion } from './schema-helpers.ts';
import { IdSchema, IsoTimeSchema } from './schemas.ts';

/** Alerts (issue 17, item 5): computed when asked, in the actor's area. */

export const AlertKindSchema = literalUnion(alertKinds);

export const AlertSchema = Type.Object({
  kind: AlertKindSchema,
  stationId: IdSchema,
  stationNumber: Type.Integer(),
  stationAddress: Type.String(),
  /** The turnout checkpoint (`HH:MM`) of a `turnout_missing`. */
  checkpoint: Type.Union([Type.String(), Type.Null()]),
  /** The incident of a `critical_incident`. */
  reportId: Type.Union([IdSchema, Type.Null()]),
  /** The silent observer of an `observer_silent`. */
  observer: Type.Union([Type.Object({ id: IdSchema, name: Type.String() }), Type.Null()]),
  /** Since when: the report became overdue, the incident arrived, the phone was last heard (null: never). */
  since: Type.Union([IsoTimeSchema, Type.Null()]),
});
export type AlertDto = Static<typeof AlertSchema>;

export const AlertsSchema = Type.Object({
  /** Every open alert in the area (the list below may show fewer). */
  open: Type.Integer(),
  counts: Type.Object(
    Object.fromEntries(alertKinds.map((k) => [k, Type.Integer()])) as Record<
      (typeof alertKinds)[number],
      ReturnType<typeof Type.Integer>
    >,
  ),
  /** The newest alerts of each kind, at most `limit` of each. */
  items: Type.Array(AlertSchema),
  /** The moment the alerts were computed for. */
  at: IsoTimeSchema,
});
export type AlertsDto = Static<typeof AlertsSchema>;

export const AlertsQuerySchema = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  { additionalProperties: false },
);
