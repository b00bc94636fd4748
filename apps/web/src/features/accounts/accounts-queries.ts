import type { CreateUserBody, UserDto, UsersQuery } from '@pollwatch/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { accountKeys } from './accounts.keys.ts';
import { accountsApi } from './accounts-api.ts';

/** The accounts matching a filter; the previous page stays on screen while the next one loads. */
export function useUsers(query: UsersQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: accountKeys.list(query),
    queryFn: () => accountsApi.list(query),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: accountKeys.all });
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({ mutationFn: (body: CreateUserBody) => accountsApi.create(body), onSuccess: invalidate });
}

export function useSetUserStatus() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (vars: { user: UserDto; status: 'active' | 'disabled' }) =>
      accountsApi.update(vars.user.id, { status: vars.status }),
    onSuccess: invalidate,
  });
}

export function useIssueInvite() {
  return useMutation({
    mutationFn: (vars: { user: UserDto; replaceSession?: boolean }) =>
      accountsApi.issueInvite(vars.user.id, { replaceSession: vars.replaceSession ?? false }),
  });
}

export function useSignOutEverywhere() {
  return useMutation({ mutationFn: (user: UserDto) => accountsApi.signOutEverywhere(user.id) });
}

/** The lost-phone procedure; the observer's channel links are refetched afterwards. */
export function useLostPhone() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (user: UserDto) => accountsApi.lostPhone(user.id),
    onSuccess: () => client.invalidateQueries({ queryKey: ['channels', 'links'] }),
  });
}
