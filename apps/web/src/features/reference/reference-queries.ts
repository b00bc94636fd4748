import type { CreateReferenceNoteBody, UpdateReferenceNoteBody } from '@pollwatch/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { referenceKeys } from './reference.keys.ts';
import { referenceApi } from './reference-api.ts';

export function useReferenceNotes(electionId: string) {
  return useQuery({ queryKey: referenceKeys.list(electionId), queryFn: () => referenceApi.list(electionId) });
}

/** Every write refreshes the list from the server: positions are the server's to give. */
export function useReferenceNoteWrites(electionId: string) {
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: referenceKeys.list(electionId) });
  return {
    create: useMutation({
      mutationFn: (body: CreateReferenceNoteBody) => referenceApi.create(electionId, body),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ noteId, body }: { noteId: string; body: UpdateReferenceNoteBody }) =>
        referenceApi.update(noteId, body),
      onSuccess,
    }),
    remove: useMutation({ mutationFn: (noteId: string) => referenceApi.remove(noteId), onSuccess }),
    reorder: useMutation({ mutationFn: (ids: string[]) => referenceApi.reorder(electionId, { ids }), onSuccess }),
  };
}
