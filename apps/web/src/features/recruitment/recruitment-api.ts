import type {
  ApplicantAvailability,
  ApplicantDto,
  ApplicantEventDto,
  ApplicantLanguage,
  ApplicantStatus,
  ApplicantsPage,
  BulkStatusResult,
  DuplicatesDto,
  JoinBody,
  JoinToken,
  Organisation,
  ReferralDto,
  UpdateApplicantBody,
  VerificationDto,
} from '@pollwatch/core';
import { apiRequest, withQuery } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

export interface ApplicantFilters {
  q: string;
  status: ApplicantStatus | '';
  areaId: string;
  availability: ApplicantAvailability | '';
  language: ApplicantLanguage | '';
}

export interface ApplicantRecord {
  applicant: ApplicantDto;
  events: ApplicantEventDto[];
}

export interface ApplicantInvite {
  applicant: ApplicantDto;
  userId: string;
  invite: { code: string; path: string; expiresAt: string };
}

export const APPLICANTS_PAGE_SIZE = 50;

function filterQuery(filters: ApplicantFilters) {
  return {
    q: filters.q,
    status: filters.status,
    areaId: filters.areaId,
    availability: filters.availability,
    language: filters.language,
  };
}

/** Typed calls of the recruitment routes of /api/v1: the public join form, /verify and the HQ pipeline. */
export const recruitmentApi = {
  joinToken: () => apiRequest<JoinToken>('GET', '/api/v1/join/token'),
  join: (body: JoinBody) => apiRequest<{ status: 'received' }>('POST', '/api/v1/join', body),
  publicStats: () => apiRequest<{ applicants: number }>('GET', '/api/v1/public/stats'),
  verify: (code: string) => apiRequest<VerificationDto>('GET', `/api/v1/verify/${id(code)}`),

  applicants: (filters: ApplicantFilters, after: string | null) =>
    apiRequest<ApplicantsPage>(
      'GET',
      withQuery('/api/v1/applicants', { ...filterQuery(filters), after, limit: APPLICANTS_PAGE_SIZE }),
    ),
  applicant: (applicantId: string) => apiRequest<ApplicantRecord>('GET', `/api/v1/applicants/${id(applicantId)}`),
  updateApplicant: (applicantId: string, body: UpdateApplicantBody) =>
    apiRequest<{ applicant: ApplicantDto }>('PATCH', `/api/v1/applicants/${id(applicantId)}`, body),
  changeStatus: (applicantId: string, status: ApplicantStatus, reason?: string) =>
    apiRequest<{ applicant: ApplicantDto }>('POST', `/api/v1/applicants/${id(applicantId)}/status`, {
      status,
      ...(reason?.trim() && { reason: reason.trim() }),
    }),
  bulkStatus: (ids: string[], status: ApplicantStatus, reason?: string) =>
    apiRequest<BulkStatusResult>('POST', '/api/v1/applicants/status', {
      ids,
      status,
      ...(reason?.trim() && { reason: reason.trim() }),
    }),
  addNote: (applicantId: string, text: string) =>
    apiRequest<{ events: ApplicantEventDto[] }>('POST', `/api/v1/applicants/${id(applicantId)}/notes`, { text }),
  duplicates: () => apiRequest<DuplicatesDto>('GET', '/api/v1/applicants/duplicates'),
  merge: (applicantId: string, duplicateId: string) =>
    apiRequest<{ applicant: ApplicantDto }>('POST', `/api/v1/applicants/${id(applicantId)}/merge`, { duplicateId }),
  invite: (applicantId: string) => apiRequest<ApplicantInvite>('POST', `/api/v1/applicants/${id(applicantId)}/invite`),
  referrals: (applicantId: string) =>
    apiRequest<{ items: ReferralDto[] }>('GET', `/api/v1/applicants/${id(applicantId)}/referrals`),
  issueReferral: (applicantId: string, stationId: string, locale: 'ru' | 'kk') =>
    apiRequest<{ referral: ReferralDto }>('POST', `/api/v1/applicants/${id(applicantId)}/referrals`, {
      stationId,
      locale,
    }),
  organisation: () => apiRequest<{ organisation: Organisation | null }>('GET', '/api/v1/settings/organisation'),
  saveOrganisation: (body: Organisation) =>
    apiRequest<{ organisation: Organisation | null }>('PUT', '/api/v1/settings/organisation', body),
};

/** Links for downloads: plain same-origin GETs that carry the session cookie. */
export const recruitmentUrls = {
  export: (format: 'csv' | 'xlsx', filters: ApplicantFilters) =>
    withQuery('/api/v1/applicants/export', { format, ...filterQuery(filters) }),
  letter: (referralId: string, format: 'pdf' | 'docx') =>
    withQuery(`/api/v1/referrals/${id(referralId)}/letter`, { format }),
};
