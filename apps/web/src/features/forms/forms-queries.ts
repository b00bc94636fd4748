import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formsKeys } from './forms.keys.ts';
import { formsApi } from './forms-api.ts';

export function useForms(electionId: string) {
  return useQuery({ queryKey: formsKeys.list(electionId), queryFn: () => formsApi.list(electionId) });
}

export function useFormDetail(formId: string) {
  return useQuery({ queryKey: formsKeys.detail(formId), queryFn: () => formsApi.detail(formId) });
}

function useInvalidateForms() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: formsKeys.all });
}

export function useCreateForm(electionId: string) {
  const invalidate = useInvalidateForms();
  return useMutation({
    mutationFn: (definition: unknown) => formsApi.create(electionId, definition),
    onSuccess: invalidate,
  });
}

export function useImportXlsForm(electionId: string) {
  const invalidate = useInvalidateForms();
  return useMutation({
    mutationFn: (file: File) => formsApi.importXlsForm(electionId, file),
    onSuccess: invalidate,
  });
}

export function useSaveDraft(formId: string) {
  const invalidate = useInvalidateForms();
  return useMutation({
    mutationFn: (definition: unknown) => formsApi.saveDraft(formId, definition),
    onSuccess: invalidate,
  });
}

/** Saves the changes first when there are any, then publishes the draft. */
export function usePublish(formId: string) {
  const invalidate = useInvalidateForms();
  return useMutation({
    mutationFn: async (unsaved: unknown | null) => {
      if (unsaved !== null) await formsApi.saveDraft(formId, unsaved);
      return formsApi.publish(formId);
    },
    onSettled: invalidate,
  });
}
