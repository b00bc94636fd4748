import type {
  CreateReferenceNoteBody,
  ReferenceNoteDto,
  ReorderReferenceNotesBody,
  UpdateReferenceNoteBody,
} from '@pollwatch/core';
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
