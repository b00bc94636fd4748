import type {
  EarlierRecommendation,
  ResolutionDocument,
  ResolutionKind,
  ResolutionSummary,
  ResolutionTexts,
} from '@pollwatch/core';
import { apiRequest, withQuery } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

export type DocumentLocale = 'ru' | 'kk' | 'en';

export interface ResolutionDetail {
  resolution: ResolutionSummary;
  texts: ResolutionTexts;
  document: ResolutionDocument;
  earlierRecommendations: EarlierRecommendation[];
}

export interface ResolutionDiff {
  from: ResolutionSummary;
  to: ResolutionSummary;
  texts: { field: string; lines: { op: 'same' | 'added' | 'removed'; text: string }[] }[];
  figures: { key: string; before: string | null; after: string | null }[];
}

/** Typed calls of the resolution routes of /api/v1. */
export const resolutionApi = {
  list: (electionId: string) =>
    apiRequest<{ items: ResolutionSummary[] }>('GET', `/api/v1/elections/${id(electionId)}/resolutions`),
  create: (electionId: string, kind: ResolutionKind) =>
    apiRequest<ResolutionSummary>('POST', `/api/v1/elections/${id(electionId)}/resolutions`, { kind }),
  get: (resolutionId: string, locale: DocumentLocale) =>
    apiRequest<ResolutionDetail>('GET', withQuery(`/api/v1/resolutions/${id(resolutionId)}`, { locale })),
  saveTexts: (resolutionId: string, texts: ResolutionTexts, expectedUpdatedAt: string) =>
    apiRequest<ResolutionSummary>('PUT', `/api/v1/resolutions/${id(resolutionId)}/texts`, { texts, expectedUpdatedAt }),
  approve: (resolutionId: string) =>
    apiRequest<ResolutionSummary>('POST', `/api/v1/resolutions/${id(resolutionId)}/approve`),
  diff: (resolutionId: string, against: string) =>
    apiRequest<ResolutionDiff>('GET', withQuery(`/api/v1/resolutions/${id(resolutionId)}/diff`, { against })),
  documentUrl: (resolutionId: string, format: 'docx' | 'pdf', locale: DocumentLocale) =>
    withQuery(`/api/v1/resolutions/${id(resolutionId)}/document`, { format, locale }),
};
