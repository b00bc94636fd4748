import type { ImportKind, ImportOptionsBody, ImportPreview, ImportReport } from '@pollwatch/core';
import { apiRequest, apiUpload, withQuery } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

/** Typed calls of the import routes of /api/v1 (every kind: stations, areas, results, applicants, …). */
export const importsApi = {
  /** Sends the file's bytes as they are; the answer says how the server read them. */
  upload: (query: { kind: ImportKind; electionId?: string | undefined; fileName: string }, file: Blob) =>
    apiUpload<ImportPreview>(withQuery('/api/v1/imports', { ...query }), file),
  dryRun: (importId: string, body: ImportOptionsBody) =>
    apiRequest<ImportReport>('POST', `/api/v1/imports/${id(importId)}/dry-run`, body),
  apply: (importId: string, body: ImportOptionsBody) =>
    apiRequest<ImportReport>('POST', `/api/v1/imports/${id(importId)}/apply`, body),
};
