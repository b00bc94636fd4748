import type {
  BulkRemarksBody,
  CreateRemarkBody,
  RemarkAnswerBody,
  RemarkSettings,
  RemarksQuery,
  RemarkTransitionBody,
  UpdateRemarkBody,
} from '@pollwatch/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { remarksKeys } from './remarks.keys.ts';
import { remarksApi } from './remarks-api.ts';

export function useRemarks(electionId: string, query: RemarksQuery) {
  return useQuery({
    queryKey: remarksKeys.list(electionId, query),
    queryFn: () => remarksApi.list(electionId, query),
    placeholderData: keepPreviousData,
  });
}

export function useRemark(remarkId: string) {
  return useQuery({ queryKey: remarksKeys.detail(remarkId), queryFn: () => remarksApi.get(remarkId) });
}

export function useRemarkSettings() {
  return useQuery({ queryKey: remarksKeys.settings(), queryFn: remarksApi.settings, staleTime: 60_000 });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: remarksKeys.all });
}

export function useCreateRemark() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (vars: { electionId: string; body: CreateRemarkBody }) => remarksApi.create(vars.electionId, vars.body),
    onSuccess: () => refresh(),
  });
}

export function useBulkRemarks() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (vars: { electionId: string; body: BulkRemarksBody }) => remarksApi.bulk(vars.electionId, vars.body),
    onSuccess: () => refresh(),
  });
}

export function useUpdateRemark() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (vars: { id: string; body: UpdateRemarkBody }) => remarksApi.update(vars.id, vars.body),
    onSuccess: () => refresh(),
  });
}

export function useDeleteRemark() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: string) => remarksApi.remove(id), onSuccess: () => refresh() });
}

export function useRemarkTransition() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (vars: { id: string; body: RemarkTransitionBody }) => remarksApi.transition(vars.id, vars.body),
    onSettled: () => refresh(),
  });
}

export function useRemarkAnswer() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (vars: { id: string; body: RemarkAnswerBody }) => remarksApi.answer(vars.id, vars.body),
    onSettled: () => refresh(),
  });
}

export function useSaveRemarkSettings() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: RemarkSettings) => remarksApi.saveSettings(body),
    onSuccess: () => refresh(),
  });
}
