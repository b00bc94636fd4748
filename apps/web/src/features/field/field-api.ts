import {
  type FieldPack,
  type FollowUpsDto,
  isErrorCode,
  type PhotoStatus,
  type ReferenceNoteDto,
  type ReportReceipt,
  type SubmitReportBody,
} from '@pollwatch/core';
import { ApiError, apiRequest } from '../../api/api-client.ts';

/** The field app's calls: the offline pack, report revisions and resumable photo uploads. */

/** Photos go up in pieces this size, so a dropped connection costs at most one piece. */
export const PHOTO_CHUNK_BYTES = 64 * 1024;

async function raw<T>(method: 'POST' | 'GET' | 'PATCH', path: string, headers: Record<string, string>, body?: Blob) {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...headers },
      ...(body ? { body } : {}),
    });
  } catch {
    throw new ApiError(0, 'network');
  }
  const data = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) {
    const error = (data as { error?: { code?: unknown; details?: unknown } } | undefined)?.error;
    throw new ApiError(response.status, isErrorCode(error?.code) ? error.code : 'unexpected', error?.details);
  }
  return data as T;
}

export const fieldApi = {
  fieldPack: () => apiRequest<FieldPack>('GET', '/api/v1/me/field-pack'),
  /** The pack's reference notes, cached with it. */
  referenceNotes: () => apiRequest<{ items: ReferenceNoteDto[] }>('GET', '/api/v1/me/reference-notes'),
  /** The HQ's follow-up requests on the observer's reports, cached with the pack. */
  followUps: () => apiRequest<FollowUpsDto>('GET', '/api/v1/me/follow-ups'),
  submitReport: (body: SubmitReportBody) => apiRequest<ReportReceipt>('POST', '/api/v1/reports', body),
  /** Announces a photo (idempotent) and says how much of it the server already holds. */
  announcePhoto: (sha256: string, size: number) =>
    raw<PhotoStatus>('POST', `/api/v1/photos/${sha256}`, { 'Upload-Length': String(size) }),
  photoStatus: (sha256: string) => raw<PhotoStatus>('GET', `/api/v1/photos/${sha256}`, {}),
  sendPhotoChunk: (sha256: string, offset: number, chunk: Blob) =>
    raw<PhotoStatus>(
      'PATCH',
      `/api/v1/photos/${sha256}`,
      { 'Upload-Offset': String(offset), 'Content-Type': 'application/octet-stream' },
      chunk,
    ),
};

/**
 * Sends the bytes the server does not have yet, piece by piece from where it stopped. A 409
 * carries the server's offset; the upload goes on from there. Resolves when the photo is complete.
 */
export async function uploadPhoto(
  sha256: string,
  blob: Blob,
  onProgress: (receivedBytes: number) => void = () => undefined,
): Promise<PhotoStatus> {
  let status = await fieldApi.announcePhoto(sha256, blob.size);
  let conflicts = 0;
  while (!status.complete) {
    const offset = status.receivedBytes;
    onProgress(offset);
    try {
      status = await fieldApi.sendPhotoChunk(sha256, offset, blob.slice(offset, offset + PHOTO_CHUNK_BYTES));
    } catch (error) {
      const serverOffset = (error as ApiError).details as { offset?: unknown } | undefined;
      if (error instanceof ApiError && error.code === 'conflict' && conflicts++ < 3) {
        status =
          typeof serverOffset?.offset === 'number'
            ? { ...status, receivedBytes: serverOffset.offset }
            : await fieldApi.photoStatus(sha256);
        continue;
      }
      throw error;
    }
  }
  onProgress(status.receivedBytes);
  return status;
}
