import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/api-client.ts';
import { schoolKeys } from './school.keys.ts';
import { type ClassRoster, type SchoolHome, schoolApi } from './school-api.ts';

/**
 * The volunteer's pages keep their last answer on the phone: opened once, a course can be read
 * (and the school page seen) without a connection. Only a network failure falls back to the copy.
 */
function kept<T>(key: string, load: () => Promise<T>): () => Promise<T & { offline?: boolean }> {
  return async (): Promise<T & { offline?: boolean }> => {
    try {
      const fresh = await load();
      try {
        localStorage.setItem(key, JSON.stringify(fresh));
      } catch {
        // A full storage only loses the offline copy.
      }
      return fresh as T & { offline?: boolean };
    } catch (error) {
      const copy = error instanceof ApiError && error.code === 'network' ? localStorage.getItem(key) : null;
      if (copy) return { ...(JSON.parse(copy) as T), offline: true };
      throw error;
    }
  };
}

export function useSchoolHome(token: string) {
  return useQuery({
    queryKey: schoolKeys.link(token),
    queryFn: kept<SchoolHome>(`pw-school:${token}`, () => schoolApi.home(token)),
    retry: false,
  });
}

export function useSignUp(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (classId: string) => schoolApi.signUp(token, classId),
    onSettled: () => client.invalidateQueries({ queryKey: schoolKeys.link(token) }),
  });
}

export function useClasses(electionId: string) {
  return useQuery({ queryKey: schoolKeys.classes(electionId), queryFn: () => schoolApi.classes(electionId) });
}

export function useSchoolProgress(electionId: string) {
  return useQuery({ queryKey: schoolKeys.progress(electionId), queryFn: () => schoolApi.progress(electionId) });
}

export function useRoster(classId: string) {
  return useQuery({ queryKey: schoolKeys.roster(classId), queryFn: () => schoolApi.roster(classId) });
}

export function useMarkAttendance(classId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { applicantId: string; attended: boolean }) =>
      schoolApi.attendance(classId, v.applicantId, v.attended),
    // The box ticks at once (a trainer ticks a dozen names in a row); a refusal puts it back.
    onMutate: async (v) => {
      await client.cancelQueries({ queryKey: schoolKeys.roster(classId) });
      const before = client.getQueryData<ClassRoster>(schoolKeys.roster(classId));
      if (before) {
        client.setQueryData<ClassRoster>(schoolKeys.roster(classId), {
          ...before,
          roster: before.roster.map((r) => (r.applicantId === v.applicantId ? { ...r, attended: v.attended } : r)),
        });
      }
      return { before };
    },
    onError: (_error, _v, context) => {
      if (context?.before) client.setQueryData(schoolKeys.roster(classId), context.before);
    },
    onSuccess: (data) => client.setQueryData(schoolKeys.roster(classId), data),
    onSettled: () => client.invalidateQueries({ queryKey: ['school'] }),
  });
}
