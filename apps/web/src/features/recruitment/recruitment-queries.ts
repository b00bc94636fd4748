import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { recruitmentKeys } from './recruitment.keys.ts';
import { type ApplicantFilters, recruitmentApi } from './recruitment-api.ts';

export function usePublicStats() {
  return useQuery({ queryKey: recruitmentKeys.stats, queryFn: recruitmentApi.publicStats, staleTime: 60_000 });
}

export function useApplicants(filters: ApplicantFilters) {
  return useInfiniteQuery({
    queryKey: recruitmentKeys.list(filters),
    queryFn: ({ pageParam }) => recruitmentApi.applicants(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useApplicant(applicantId: string) {
  return useQuery({
    queryKey: recruitmentKeys.record(applicantId),
    queryFn: () => recruitmentApi.applicant(applicantId),
  });
}

export function useReferrals(applicantId: string) {
  return useQuery({
    queryKey: recruitmentKeys.referrals(applicantId),
    queryFn: () => recruitmentApi.referrals(applicantId),
  });
}

export function useDuplicates() {
  return useQuery({ queryKey: recruitmentKeys.duplicates, queryFn: recruitmentApi.duplicates });
}

export function useOrganisation() {
  return useQuery({ queryKey: recruitmentKeys.organisation, queryFn: recruitmentApi.organisation });
}

/** After any change to an applicant: every list, record and duplicate group may be stale. */
export function useInvalidateApplicants() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: recruitmentKeys.all });
}

export function useApplicantMutation<V, R>(mutationFn: (vars: V) => Promise<R>) {
  const invalidate = useInvalidateApplicants();
  return useMutation({ mutationFn, onSuccess: () => invalidate() });
}

/** A referral letter's public check (`/verify/:code`). */
export function useVerification(code: string, enabled = true) {
  return useQuery({ queryKey: recruitmentKeys.verify(code), queryFn: () => recruitmentApi.verify(code), enabled });
}

/**
 * The join form's anti-bot token: read once when the form opens (never refetched on focus, never
 * cached after), with the time it arrived so the form can tell a too-quick submission.
 */
export function useJoinToken(onIssued: () => void) {
  return useQuery({
    queryKey: recruitmentKeys.joinToken,
    queryFn: async () => {
      const value = await recruitmentApi.joinToken();
      onIssued();
      return value;
    },
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
}
