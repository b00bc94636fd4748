import type {
  CreatePostBody,
  PostDto,
  PublishPostBody,
  PutDashboardBody,
  SubmitOpinionBody,
  UpdatePostBody,
} from '@pollwatch/core';
import { ApiError, apiRequest, withQuery } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

export interface DashboardStateDto {
  electionId: string;
  electionName: { ru: string; kk?: string; en?: string };
  votingDate: string;
  slug: string | null;
  published: boolean;
  quickCountPublished: boolean;
  resolutionPublished: boolean;
  updatedAt: string | null;
}

/** Sends the cover as it is; the server re-encodes it (and drops its metadata). */
async function uploadCover(postId: string, file: File): Promise<{ post: PostDto }> {
  const response = await fetch(`/api/v1/posts/${id(postId)}/cover`, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' },
    body: file,
  });
  const data = (await response.json().catch(() => undefined)) as
    | { post: PostDto; error?: { code: string; details?: unknown } }
    | undefined;
  if (!response.ok) {
    const code = (data?.error?.code ?? 'internal') as ConstructorParameters<typeof ApiError>[1];
    throw new ApiError(response.status, code, data?.error?.details);
  }
  return data as { post: PostDto };
}

export const postsApi = {
  list: (status?: string) =>
    apiRequest<{ items: PostDto[] }>('GET', withQuery('/api/v1/posts', { status: status || undefined })),
  get: (postId: string) => apiRequest<{ post: PostDto }>('GET', `/api/v1/posts/${id(postId)}`),
  create: (body: CreatePostBody) => apiRequest<{ post: PostDto }>('POST', '/api/v1/posts', body),
  update: (postId: string, body: UpdatePostBody) =>
    apiRequest<{ post: PostDto }>('PATCH', `/api/v1/posts/${id(postId)}`, body),
  publish: (postId: string, body: PublishPostBody) =>
    apiRequest<{ post: PostDto }>('POST', `/api/v1/posts/${id(postId)}/publish`, body),
  unpublish: (postId: string) => apiRequest<{ post: PostDto }>('POST', `/api/v1/posts/${id(postId)}/unpublish`),
  uploadCover,
  dashboards: () => apiRequest<{ items: DashboardStateDto[] }>('GET', '/api/v1/public-dashboards'),
  saveDashboard: (electionId: string, body: PutDashboardBody) =>
    apiRequest<{ dashboard: DashboardStateDto }>('PUT', `/api/v1/elections/${id(electionId)}/public-dashboard`, body),
  submitOpinion: (body: SubmitOpinionBody) => apiRequest<{ id: string }>('POST', '/api/v1/me/opinions', body),
};
