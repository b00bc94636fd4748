import type {
  AuditPage,
  AuditQuery,
  ChangePasswordBody,
  CreateUserBody,
  InviteIssued,
  InviteSignInBody,
  SessionResponse,
  SetupBody,
  SetupStatus,
  SignInBody,
  UpdateMeBody,
  UpdateUserBody,
  UserDto,
  UsersList,
  UsersQuery,
} from '@pollwatch/core';
import { ApiError, apiRequest, withQuery } from './api-client.ts';

/** Typed calls of /api/v1, one function per route. */
export const api = {
  setupStatus: () => apiRequest<SetupStatus>('GET', '/api/v1/setup'),
  setup: (body: SetupBody) => apiRequest<SessionResponse>('POST', '/api/v1/setup', body),

  signIn: (body: SignInBody) => apiRequest<SessionResponse>('POST', '/api/v1/auth/sign-in', body),
  redeemInvite: (body: InviteSignInBody) => apiRequest<SessionResponse>('POST', '/api/v1/auth/invite', body),
  signOut: () => apiRequest<void>('POST', '/api/v1/auth/sign-out'),

  /** The signed-in user, or null when there is no session. */
  me: async (): Promise<UserDto | null> => {
    try {
      return (await apiRequest<SessionResponse>('GET', '/api/v1/me')).user;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'unauthenticated') return null;
      throw error;
    }
  },
  updateMe: (body: UpdateMeBody) => apiRequest<SessionResponse>('PATCH', '/api/v1/me', body),
  changePassword: (body: ChangePasswordBody) => apiRequest<void>('POST', '/api/v1/me/password', body),

  users: (query: UsersQuery) => apiRequest<UsersList>('GET', withQuery('/api/v1/users', { ...query })),
  createUser: (body: CreateUserBody) => apiRequest<SessionResponse>('POST', '/api/v1/users', body),
  updateUser: (id: string, body: UpdateUserBody) =>
    apiRequest<SessionResponse>('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, body),
  /**
   * A new invite code. While the observer is signed in on a phone the server answers 409
   * `observer_has_session`; `replaceSession` goes ahead and signs that phone out (a lost or replaced phone).
   */
  issueInvite: (id: string, options: { replaceSession?: boolean } = {}) =>
    apiRequest<InviteIssued>(
      'POST',
      `/api/v1/users/${encodeURIComponent(id)}/invites`,
      options.replaceSession ? { replaceSession: true } : undefined,
    ),
  /** Ends every session of the account (a lost phone); no body, so no Content-Type. */
  signOutEverywhere: (id: string) => apiRequest<void>('POST', `/api/v1/users/${encodeURIComponent(id)}/sign-out`),

  audit: (query: AuditQuery) => apiRequest<AuditPage>('GET', withQuery('/api/v1/audit', { ...query })),
};
