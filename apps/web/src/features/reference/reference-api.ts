import type {
  CreateReferenceNoteBody,
  ReferenceNoteDto,
  ReorderReferenceNotesBody,
  UpdateReferenceNoteBody,
} from '@pollwatch/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

/** Reference notes for observers, as the HQ edits them. */
export const referenceApi = {
  list: (electionId: string) =>
    apiRequest<{ items: ReferenceNoteDto[] }>('GET', `/api/v1/elections/${id(electionId)}/reference-notes`),
  create: (electionId: string, body: CreateReferenceNoteBody) =>
    apiRequest<{ note: ReferenceNoteDto }>('POST', `/api/v1/elections/${id(electionId)}/reference-notes`, body),
  update: (noteId: string, body: UpdateReferenceNoteBody) =>
    apiRequest<{ note: ReferenceNoteDto }>('PATCH', `/api/v1/reference-notes/${id(noteId)}`, body),
  remove: (noteId: string) => apiRequest<void>('DELETE', `/api/v1/reference-notes/${id(noteId)}`),
  reorder: (electionId: string, body: ReorderReferenceNotesBody) =>
    apiRequest<{ items: ReferenceNoteDto[] }>('PUT', `/api/v1/elections/${id(electionId)}/reference-notes/order`, body),
};

const notesKey = (electionId: string) => ['reference-notes', electionId] as const;

export function useReferenceNotes(electionId: string) {
  return useQuery({ queryKey: notesKey(electionId), queryFn: () => referenceApi.list(electionId) });
}

/** Every write refreshes the list from the server: positions are the server's to give. */
export function useReferenceNoteWrites(electionId: string) {
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: notesKey(electionId) });
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
