import type {
  AreaDto,
  AreasList,
  CreateAreaBody,
  CreateElectionBody,
  CreateStationBody,
  ElectionDto,
  ElectionsList,
  ImportKind,
  ImportOptionsBody,
  ImportPreview,
  ImportReport,
  StationDto,
  StationsPage,
  StationsQuery,
  UpdateAreaBody,
  UpdateElectionBody,
  UpdateStationBody,
} from '@pollwatch/core';
import { apiRequest, apiUpload, withQuery } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

export type ExportFormat = 'csv' | 'xlsx';

/** Typed calls of the elections, territory, stations and import routes of /api/v1. */
export const territoryApi = {
  elections: () => apiRequest<ElectionsList>('GET', '/api/v1/elections'),
  election: (electionId: string) => apiRequest<{ election: ElectionDto }>('GET', `/api/v1/elections/${id(electionId)}`),
  createElection: (body: CreateElectionBody) =>
    apiRequest<{ election: ElectionDto }>('POST', '/api/v1/elections', body),
  updateElection: (electionId: string, body: UpdateElectionBody) =>
    apiRequest<{ election: ElectionDto }>('PATCH', `/api/v1/elections/${id(electionId)}`, body),
  /** Makes the election the one every screen works with; no body. */
  makeCurrent: (electionId: string) =>
    apiRequest<{ election: ElectionDto }>('POST', `/api/v1/elections/${id(electionId)}/current`),

  /** The whole tree as a flat list; counts are of the given election's stations. */
  areas: (electionId?: string) => apiRequest<AreasList>('GET', withQuery('/api/v1/areas', { electionId })),
  createArea: (body: CreateAreaBody) => apiRequest<{ area: AreaDto }>('POST', '/api/v1/areas', body),
  updateArea: (areaId: string, body: UpdateAreaBody) =>
    apiRequest<{ area: AreaDto }>('PATCH', `/api/v1/areas/${id(areaId)}`, body),
  deleteArea: (areaId: string) => apiRequest<void>('DELETE', `/api/v1/areas/${id(areaId)}`),

  stations: (electionId: string, query: StationsQuery) =>
    apiRequest<StationsPage>('GET', withQuery(`/api/v1/elections/${id(electionId)}/stations`, { ...query })),
  station: (stationId: string) => apiRequest<{ station: StationDto }>('GET', `/api/v1/stations/${id(stationId)}`),
  createStation: (electionId: string, body: CreateStationBody) =>
    apiRequest<{ station: StationDto }>('POST', `/api/v1/elections/${id(electionId)}/stations`, body),
  updateStation: (stationId: string, body: UpdateStationBody) =>
    apiRequest<{ station: StationDto }>('PATCH', `/api/v1/stations/${id(stationId)}`, body),
  deleteStation: (stationId: string) => apiRequest<void>('DELETE', `/api/v1/stations/${id(stationId)}`),

  /** Sends the file's bytes as they are; the answer says how the server read them. */
  uploadImport: (query: { kind: ImportKind; electionId?: string | undefined; fileName: string }, file: Blob) =>
    apiUpload<ImportPreview>(withQuery('/api/v1/imports', { ...query }), file),
  dryRunImport: (importId: string, body: ImportOptionsBody) =>
    apiRequest<ImportReport>('POST', `/api/v1/imports/${id(importId)}/dry-run`, body),
  applyImport: (importId: string, body: ImportOptionsBody) =>
    apiRequest<ImportReport>('POST', `/api/v1/imports/${id(importId)}/apply`, body),
};

/** Links for the export buttons: plain same-origin downloads that carry the session cookie. */
export const exportUrls = {
  areas: (format: ExportFormat) => withQuery('/api/v1/areas/export', { format }),
  stations: (electionId: string, format: ExportFormat) =>
    withQuery(`/api/v1/elections/${id(electionId)}/stations/export`, { format }),
};
