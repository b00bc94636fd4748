import type {
  AreaDto,
  AreasList,
  CreateAreaBody,
  CreateStationBody,
  StationDto,
  StationsPage,
  StationsQuery,
  UpdateAreaBody,
  UpdateStationBody,
} from '@pollwatch/core';
import { apiRequest, withQuery } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

export type ExportFormat = 'csv' | 'xlsx';

/** Typed calls of the territory (areas) and stations routes of /api/v1. */
export const territoryApi = {
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
};

/** Links for the export buttons: plain same-origin downloads that carry the session cookie. */
export const exportUrls = {
  areas: (format: ExportFormat) => withQuery('/api/v1/areas/export', { format }),
  stations: (electionId: string, format: ExportFormat) =>
    withQuery(`/api/v1/elections/${id(electionId)}/stations/export`, { format }),
};
