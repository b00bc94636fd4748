import type { ApplicantFilters } from './recruitment-api.ts';

/** Query keys of recruitment: applicants (invalidate `all` after any change), settings, public pages. */
export const recruitmentKeys = {
  all: ['applicants'] as const,
  list: (filters: ApplicantFilters) => ['applicants', 'list', filters] as const,
  record: (applicantId: string) => ['applicants', 'record', applicantId] as const,
  referrals: (applicantId: string) => ['applicants', 'referrals', applicantId] as const,
  duplicates: ['applicants', 'duplicates'] as const,
  organisation: ['settings', 'organisation'] as const,
  stats: ['public', 'stats'] as const,
  /** The join form's anti-bot token: fetched once per visit of the form, never shared. */
  joinToken: ['public', 'join-token'] as const,
  /** A referral letter's public check by its code. */
  verify: (code: string) => ['public', 'verify', code] as const,
};
