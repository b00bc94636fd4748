import type { CreateAssignmentBody } from '@pollwatch/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { resultsKeys } from '../results/results.keys.ts';
import { reportsKeys } from './reports.keys.ts';
import { reportsApi } from './reports-api.ts';

export const REPORTS_LIMIT = 100;

export function useAssignments(electionId: string) {
  return useQuery({
    queryKey: reportsKeys.assignments(electionId),
    queryFn: () => reportsApi.assignments(electionId),
  });
}

export function useCreateAssignment(electionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAssignmentBody) => reportsApi.createAssignment(electionId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reportsKeys.allAssignments }),
  });
}

export function useDeleteAssignment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (assignmentId: string) => reportsApi.deleteAssignment(assignmentId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reportsKeys.allAssignments }),
  });
}

export function useReportStats(electionId: string) {
  return useQuery({ queryKey: reportsKeys.stats(electionId), queryFn: () => reportsApi.stats(electionId) });
}

export function useReports(electionId: string, flagged: boolean) {
  return useQuery({
    queryKey: reportsKeys.reports(electionId, flagged),
    queryFn: () => reportsApi.reports(electionId, { flagged, limit: REPORTS_LIMIT }),
  });
}

/** One report with every revision, line by line. */
export function useReport(reportId: string) {
  return useQuery({ queryKey: reportsKeys.detail(reportId), queryFn: () => reportsApi.detail(reportId) });
}

export function useConflicts(electionId: string) {
  return useQuery({ queryKey: reportsKeys.conflicts(electionId), queryFn: () => reportsApi.conflicts(electionId) });
}

/**
 * The HQ's choice of a station's record (among conflicting copies, or an unassigned observer's copy).
 * Without an election (the report page does not know it) every election's conflicts are refreshed.
 */
export function useChooseRecord(electionId?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: { stationId: string; kind: string; reportId: string }) =>
      reportsApi.chooseRecord(vars.stationId, vars.kind, vars.reportId),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({
          queryKey: electionId ? reportsKeys.conflicts(electionId) : reportsKeys.allReports,
        }),
        // The quick count reads the stations' records.
        queryClient.invalidateQueries({ queryKey: resultsKeys.all }),
      ]),
  });
}
