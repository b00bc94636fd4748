import type { CreatePostBody, PublishPostBody, PutDashboardBody, UpdatePostBody } from '@pollwatch/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { postsKeys } from './posts.keys.ts';
import { postsApi } from './posts-api.ts';

export function usePosts(status: string) {
  return useQuery({ queryKey: postsKeys.list(status), queryFn: () => postsApi.list(status) });
}

export function usePost(id: string | undefined) {
  return useQuery({
    queryKey: postsKeys.one(id ?? 'new'),
    queryFn: () => postsApi.get(id as string),
    enabled: Boolean(id),
  });
}

export function usePublicDashboards() {
  return useQuery({ queryKey: postsKeys.dashboards, queryFn: () => postsApi.dashboards() });
}

/** Every write refreshes the lists: status and translations are the server's to say. */
export function usePostWrites() {
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: postsKeys.all });
  return {
    create: useMutation({ mutationFn: (body: CreatePostBody) => postsApi.create(body), onSuccess }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: UpdatePostBody }) => postsApi.update(id, body),
      onSuccess,
    }),
    publish: useMutation({
      mutationFn: ({ id, body }: { id: string; body: PublishPostBody }) => postsApi.publish(id, body),
      onSuccess,
    }),
    unpublish: useMutation({ mutationFn: (id: string) => postsApi.unpublish(id), onSuccess }),
    cover: useMutation({
      mutationFn: ({ id, file }: { id: string; file: File }) => postsApi.uploadCover(id, file),
      onSuccess,
    }),
    dashboard: useMutation({
      mutationFn: ({ electionId, body }: { electionId: string; body: PutDashboardBody }) =>
        postsApi.saveDashboard(electionId, body),
      onSuccess,
    }),
  };
}
