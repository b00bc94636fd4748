import { type Static, Type } from 'typebox';
import { ballotOptionKinds, electionKinds, protocolTemplateBases } from '../elections/election.ts';
import { importRowProblemCodes } from '../imports/import-columns.ts';
import { REGISTERED_VOTERS_MAX, STATION_NUMBER_MAX } from '../stations/station.ts';
import { areaLevels } from '../territory/area.ts';
import { closed, literalUnion } from './schema-helpers.ts';
import { IdSchema, IsoTimeSchema } from './schemas.ts';

/** Schemas of elections, the territory tree, polling stations and their imports. */

const Name = Type.String({ maxLength: 300 });
export const LocalizedTextSchema = Type.Object(
  {
    ru: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
    kk: Type.Optional(Name),
    en: Type.Optional(Name),
  },
  closed,
);
const DateSchema = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const ClockSchema = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
const TimeZoneSchema = Type.String({ minLength: 1, maxLength: 64 });

export const BallotOptionSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
    kind: literalUnion(ballotOptionKinds),
    name: LocalizedTextSchema,
  },
  closed,
);

const electionFields = {
  name: LocalizedTextSchema,
  kind: literalUnion(electionKinds),
  votingDate: DateSchema,
  timeZone: TimeZoneSchema,
  pollsOpen: ClockSchema,
  pollsClose: ClockSchema,
  monitoringFrom: DateSchema,
  turnoutCheckpoints: Type.Array(ClockSchema, { maxItems: 24 }),
  ballotOptions: Type.Array(BallotOptionSchema, { maxItems: 200 }),
  protocolTemplate: literalUnion(protocolTemplateBases),
};

export const ElectionSchema = Type.Object(
  {
    id: IdSchema,
    ...electionFields,
    isDemo: Type.Boolean(),
    isCurrent: Type.Boolean(),
    createdAt: IsoTimeSchema,
    updatedAt: IsoTimeSchema,
  },
  { $id: 'Election' },
);
export type ElectionDto = Static<typeof ElectionSchema>;

/** Optional fields get the defaults: 07:00–20:00, checkpoints 10:00…20:00, monitoring 10 days before. */
export const CreateElectionBodySchema = Type.Object(
  {
    name: LocalizedTextSchema,
    kind: electionFields.kind,
    votingDate: DateSchema,
    timeZone: TimeZoneSchema,
    pollsOpen: Type.Optional(ClockSchema),
    pollsClose: Type.Optional(ClockSchema),
    monitoringFrom: Type.Optional(DateSchema),
    turnoutCheckpoints: Type.Optional(electionFields.turnoutCheckpoints),
    ballotOptions: Type.Optional(electionFields.ballotOptions),
    protocolTemplate: Type.Optional(electionFields.protocolTemplate),
  },
  closed,
);
export type CreateElectionBody = Static<typeof CreateElectionBodySchema>;

export const UpdateElectionBodySchema = Type.Object(
  {
    name: Type.Optional(electionFields.name),
    kind: Type.Optional(electionFields.kind),
    votingDate: Type.Optional(electionFields.votingDate),
    timeZone: Type.Optional(electionFields.timeZone),
    pollsOpen: Type.Optional(electionFields.pollsOpen),
    pollsClose: Type.Optional(electionFields.pollsClose),
    monitoringFrom: Type.Optional(electionFields.monitoringFrom),
    turnoutCheckpoints: Type.Optional(electionFields.turnoutCheckpoints),
    ballotOptions: Type.Optional(electionFields.ballotOptions),
    protocolTemplate: Type.Optional(electionFields.protocolTemplate),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateElectionBody = Static<typeof UpdateElectionBodySchema>;

export const ElectionsListSchema = Type.Object({ items: Type.Array(ElectionSchema) });
export type ElectionsList = Static<typeof ElectionsListSchema>;
export const ElectionResponseSchema = Type.Object({ election: ElectionSchema });
export const IdParamsSchema = Type.Object({ id: IdSchema }, closed);

export const CommissionSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 500 })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
    phone: Type.Optional(Type.String({ maxLength: 100 })),
  },
  closed,
);

export const AreaSchema = Type.Object(
  {
    id: IdSchema,
    parentId: Type.Union([IdSchema, Type.Null()]),
    level: literalUnion(areaLevels),
    code: Type.Union([Type.String(), Type.Null()]),
    name: LocalizedTextSchema,
    commission: Type.Union([CommissionSchema, Type.Null()]),
    isDemo: Type.Boolean(),
    /** Stations of the election asked for, in this area and below it. */
    stationCount: Type.Integer(),
    registeredVoters: Type.Integer(),
  },
  { $id: 'Area' },
);
export type AreaDto = Static<typeof AreaSchema>;
export const AreasListSchema = Type.Object({ items: Type.Array(AreaSchema) });
export type AreasList = Static<typeof AreasListSchema>;
export const AreasQuerySchema = Type.Object({ electionId: Type.Optional(IdSchema) }, closed);

const areaFields = {
  parentId: Type.Union([IdSchema, Type.Null()]),
  level: literalUnion(areaLevels),
  code: Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]),
  name: LocalizedTextSchema,
  commission: Type.Union([CommissionSchema, Type.Null()]),
};
export const CreateAreaBodySchema = Type.Object(
  {
    parentId: areaFields.parentId,
    level: areaFields.level,
    code: Type.Optional(areaFields.code),
    name: areaFields.name,
    commission: Type.Optional(areaFields.commission),
  },
  closed,
);
export type CreateAreaBody = Static<typeof CreateAreaBodySchema>;
export const UpdateAreaBodySchema = Type.Object(
  {
    parentId: Type.Optional(areaFields.parentId),
    level: Type.Optional(areaFields.level),
    code: Type.Optional(areaFields.code),
    name: Type.Optional(areaFields.name),
    commission: Type.Optional(areaFields.commission),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateAreaBody = Static<typeof UpdateAreaBodySchema>;
export const AreaResponseSchema = Type.Object({ area: AreaSchema });

const stationFields = {
  areaId: IdSchema,
  number: Type.Integer({ minimum: 1, maximum: STATION_NUMBER_MAX }),
  name: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
  /** Recommended, not required: '' when the commission's list had none. */
  address: Type.String({ maxLength: 500 }),
  registeredVoters: Type.Union([Type.Integer({ minimum: 0, maximum: REGISTERED_VOTERS_MAX }), Type.Null()]),
  commission: Type.Union([CommissionSchema, Type.Null()]),
  latitude: Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()]),
  longitude: Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()]),
  accessibility: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
  pollsOpen: Type.Union([ClockSchema, Type.Null()]),
  pollsClose: Type.Union([ClockSchema, Type.Null()]),
  timeZone: Type.Union([TimeZoneSchema, Type.Null()]),
};

export const StationSchema = Type.Object(
  {
    id: IdSchema,
    electionId: IdSchema,
    regionId: IdSchema,
    ...stationFields,
    isDemo: Type.Boolean(),
    createdAt: IsoTimeSchema,
    updatedAt: IsoTimeSchema,
  },
  { $id: 'Station' },
);
export type StationDto = Static<typeof StationSchema>;

export const StationsQuerySchema = Type.Object(
  {
    /** A station number (exact) or words of the address or name. */
    q: Type.Optional(Type.String({ maxLength: 200 })),
    /** Stations in this area and below it. */
    areaId: Type.Optional(IdSchema),
    /** Keyset paging: pass the previous page's `nextCursor`. */
    after: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  closed,
);
export type StationsQuery = Static<typeof StationsQuerySchema>;
export const StationsPageSchema = Type.Object({
  items: Type.Array(StationSchema),
  total: Type.Integer(),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type StationsPage = Static<typeof StationsPageSchema>;

export const CreateStationBodySchema = Type.Object(
  {
    areaId: stationFields.areaId,
    number: stationFields.number,
    address: stationFields.address,
    name: Type.Optional(stationFields.name),
    registeredVoters: Type.Optional(stationFields.registeredVoters),
    commission: Type.Optional(stationFields.commission),
    latitude: Type.Optional(stationFields.latitude),
    longitude: Type.Optional(stationFields.longitude),
    accessibility: Type.Optional(stationFields.accessibility),
    pollsOpen: Type.Optional(stationFields.pollsOpen),
    pollsClose: Type.Optional(stationFields.pollsClose),
    timeZone: Type.Optional(stationFields.timeZone),
  },
  closed,
);
export type CreateStationBody = Static<typeof CreateStationBodySchema>;
export const UpdateStationBodySchema = Type.Object(
  {
    areaId: Type.Optional(stationFields.areaId),
    number: Type.Optional(stationFields.number),
    address: Type.Optional(stationFields.address),
    name: Type.Optional(stationFields.name),
    registeredVoters: Type.Optional(stationFields.registeredVoters),
    commission: Type.Optional(stationFields.commission),
    latitude: Type.Optional(stationFields.latitude),
    longitude: Type.Optional(stationFields.longitude),
    accessibility: Type.Optional(stationFields.accessibility),
    pollsOpen: Type.Optional(stationFields.pollsOpen),
    pollsClose: Type.Optional(stationFields.pollsClose),
    timeZone: Type.Optional(stationFields.timeZone),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateStationBody = Static<typeof UpdateStationBodySchema>;
export const StationResponseSchema = Type.Object({ station: StationSchema });

export const ExportQuerySchema = Type.Object({ format: Type.Optional(literalUnion(['csv', 'xlsx'] as const)) }, closed);

// ---- Imports: upload → preview and mapping → dry run → apply ----

export const importKinds = [
  'stations',
  'areas',
  'results',
  'applicants',
  'assignments',
  'area_results',
  'official_turnout',
] as const;
export type ImportKind = (typeof importKinds)[number];
export const ImportEncodingSchema = literalUnion(['auto', 'utf-8', 'utf-16le', 'windows-1251', 'kz-1048'] as const);
export const ImportSeparatorSchema = literalUnion(['auto', ',', ';', '\t'] as const);

export const CreateImportQuerySchema = Type.Object(
  {
    kind: literalUnion(importKinds),
    /** Required for stations and results: the election they belong to. */
    electionId: Type.Optional(IdSchema),
    fileName: Type.String({ minLength: 1, maxLength: 255 }),
  },
  closed,
);
export type CreateImportQuery = Static<typeof CreateImportQuerySchema>;

export const ImportFieldSchema = Type.Object({
  key: Type.String(),
  required: Type.Boolean(),
  /** For fields that vary by election (protocol lines, ballot options); fixed fields are translated by key. */
  label: Type.Optional(LocalizedTextSchema),
});

export const ImportPreviewSchema = Type.Object(
  {
    id: IdSchema,
    kind: literalUnion(importKinds),
    electionId: Type.Union([IdSchema, Type.Null()]),
    fileName: Type.String(),
    sizeBytes: Type.Integer(),
    format: literalUnion(['csv', 'xlsx'] as const),
    encoding: Type.Union([Type.String(), Type.Null()]),
    separator: Type.Union([Type.String(), Type.Null()]),
    headers: Type.Array(Type.String()),
    /** The first rows, for the mapping step. */
    sample: Type.Array(Type.Array(Type.String())),
    fields: Type.Array(ImportFieldSchema),
    suggestedMapping: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])),
  },
  { $id: 'ImportPreview' },
);
export type ImportPreview = Static<typeof ImportPreviewSchema>;

export const ImportOptionsBodySchema = Type.Object(
  {
    /** field key → header text; a missing or null field is not imported. */
    mapping: Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    encoding: Type.Optional(ImportEncodingSchema),
    separator: Type.Optional(ImportSeparatorSchema),
    /** Stations: create the regions and districts the file names that the tree lacks (listed in `missingAreas`). */
    createAreas: Type.Optional(Type.Boolean()),
    /** Assignments: import rows whose observer is outside the station's area or not certified (audited per row). */
    overrideWarnings: Type.Optional(Type.Boolean()),
  },
  closed,
);
export type ImportOptionsBody = Static<typeof ImportOptionsBodySchema>;

export const ImportRowProblemSchema = Type.Object({
  line: Type.Integer(),
  field: Type.Optional(Type.String()),
  code: literalUnion(importRowProblemCodes),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  /** The precise reason as an API error code, translated as `errors.<error>` (applicant imports). */
  error: Type.Optional(Type.String()),
});

export const ImportChangeSchema = Type.Object({
  line: Type.Integer(),
  /** Station number or area code. */
  key: Type.String(),
  fields: Type.Array(Type.String()),
});

/**
 * Official results: a protocol relation failing at most stations, which the column mapping more
 * likely explains than the commissions. Columns are named by the field they are mapped to; a fix
 * moves the column now mapped to `from` to `to` (null: not imported).
 */
export const ImportMappingWarningSchema = Type.Object({
  relationId: Type.String(),
  judged: Type.Integer(),
  failing: Type.Integer(),
  fields: Type.Array(Type.String()),
  fix: Type.Union([
    Type.Array(Type.Object({ from: Type.String(), to: Type.Union([Type.String(), Type.Null()]) })),
    Type.Null(),
  ]),
  /** With the fix, the share of stations (0…1) where the relation holds. */
  holdsAfterFix: Type.Union([Type.Number(), Type.Null()]),
});
export type ImportMappingWarning = Static<typeof ImportMappingWarningSchema>;

export const ImportReportSchema = Type.Object(
  {
    id: IdSchema,
    kind: literalUnion(importKinds),
    applied: Type.Boolean(),
    rows: Type.Integer(),
    added: Type.Integer(),
    changed: Type.Integer(),
    unchanged: Type.Integer(),
    rejected: Type.Integer(),
    /** Rows of the file's own totals ("Итого", "Всего") left out, each noted among the problems. */
    skipped: Type.Optional(Type.Integer()),
    /** Official results: relations failing at most stations because of the mapping, most likely. */
    mappingWarnings: Type.Optional(Type.Array(ImportMappingWarningSchema)),
    /** Mapping problems stop the import before any row is read. */
    mappingProblems: Type.Array(
      Type.Object({ code: Type.String(), field: Type.String(), header: Type.Optional(Type.String()) }),
    ),
    /** The first problems (at most 1,000), by line. */
    problems: Type.Array(ImportRowProblemSchema),
    /** The first changed rows (at most 1,000) and which fields change. */
    changes: Type.Array(ImportChangeSchema),
    encoding: Type.Union([Type.String(), Type.Null()]),
    separator: Type.Union([Type.String(), Type.Null()]),
    /** Stations: rows accepted without an address (the address is recommended, not required). */
    withoutAddress: Type.Optional(Type.Integer()),
    /**
     * Stations: regions and districts the file names that the tree lacks, with their rows. Created
     * when `createAreas` was asked for (counted in `areasCreated`); otherwise their rows are rejected.
     */
    missingAreas: Type.Optional(
      Type.Array(
        Type.Object({
          level: literalUnion(['region', 'district', 'city'] as const),
          name: Type.String(),
          parentName: Type.Union([Type.String(), Type.Null()]),
          stations: Type.Integer(),
          firstLine: Type.Integer(),
          /** Other spellings in the file taken as this area ("Абайская обл."). */
          alsoWritten: Type.Array(Type.String()),
        }),
      ),
    ),
    /** Stations: areas added to the tree (in a dry run: that would be). */
    areasCreated: Type.Optional(Type.Integer()),
    /** Stations: names the file writes otherwise than the tree, matched forgivingly, one per distinct text. */
    areaMatches: Type.Optional(
      Type.Array(
        Type.Object({
          field: literalUnion(['region', 'area'] as const),
          text: Type.String(),
          areaId: IdSchema,
          areaName: LocalizedTextSchema,
          rule: literalUnion(['loose', 'words'] as const),
          rows: Type.Integer(),
          firstLine: Type.Integer(),
        }),
      ),
    ),
  },
  { $id: 'ImportReport' },
);
export type ImportReport = Static<typeof ImportReportSchema>;
