import type {
  FormDetail,
  FormsList,
  FormVersionResponse,
  ValidateAnswersBody,
  ValidationResultDto,
  XlsFormImportResponse,
} from '@pollwatch/core';
import { apiRequest, apiUpload, withQuery } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

/**
 * `apiRequest` names the methods the app used so far; saving a draft is the first PUT. The request
 * itself is method-agnostic (fetch passes the method through), so it is typed here for PUT.
 */
const put = apiRequest as unknown as <T>(method: 'PUT', path: string, body: unknown) => Promise<T>;

/** Typed calls of the forms routes of /api/v1. */
export const formsApi = {
  list: (electionId: string) => apiRequest<FormsList>('GET', `/api/v1/elections/${id(electionId)}/forms`),
  /** A new form as draft version 1; 409 `conflict` when the code is taken in this election. */
  create: (electionId: string, definition: unknown) =>
    apiRequest<FormVersionResponse>('POST', `/api/v1/elections/${id(electionId)}/forms`, { definition }),
  /** An XLSForm workbook's bytes; the answer lists what could not be mapped. */
  importXlsForm: (electionId: string, file: File) =>
    apiUpload<XlsFormImportResponse>(
      withQuery(`/api/v1/elections/${id(electionId)}/forms/xlsform`, { fileName: file.name }),
      file,
    ),
  /** The form and its versions, newest first. */
  detail: (formId: string) => apiRequest<FormDetail>('GET', `/api/v1/forms/${id(formId)}`),
  /** Saves the draft; when the latest version is published, this starts version n+1. */
  saveDraft: (formId: string, definition: unknown) =>
    put<FormVersionResponse>('PUT', `/api/v1/forms/${id(formId)}/draft`, { definition }),
  /** Publishes the latest draft; 422 `form_invalid` with `details.problems` when it has problems. */
  publish: (formId: string) => apiRequest<FormVersionResponse>('POST', `/api/v1/forms/${id(formId)}/publish`),
  validate: (formId: string, version: number, body: ValidateAnswersBody) =>
    apiRequest<ValidationResultDto>('POST', `/api/v1/forms/${id(formId)}/versions/${version}/validate`, body),
};
