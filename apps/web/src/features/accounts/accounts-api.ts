import type {
  CreateUserBody,
  InviteIssued,
  SessionResponse,
  UpdateUserBody,
  UsersList,
  UsersQuery,
} from '@pollwatch/core';
import { apiRequest, withQuery } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

/** Typed calls of the accounts routes of /api/v1, one function per route. */
export const accountsApi = {
  list: (query: UsersQuery) => apiRequest<UsersList>('GET', withQuery('/api/v1/users', { ...query })),
  create: (body: CreateUserBody) => apiRequest<SessionResponse>('POST', '/api/v1/users', body),
  update: (userId: string, body: UpdateUserBody) =>
    apiRequest<SessionResponse>('PATCH', `/api/v1/users/${id(userId)}`, body),
  /**
   * A new invite code. While the observer is signed in on a phone the server answers 409
   * `observer_has_session`; `replaceSession` goes ahead and signs that phone out (a lost or replaced phone).
   */
  issueInvite: (userId: string, options: { replaceSession?: boolean } = {}) =>
    apiRequest<InviteIssued>(
      'POST',
      `/api/v1/users/${id(userId)}/invites`,
      options.replaceSession ? { replaceSession: true } : undefined,
    ),
  /** Ends every session of the account (a lost phone); no body, so no Content-Type. */
  signOutEverywhere: (userId: string) => apiRequest<void>('POST', `/api/v1/users/${id(userId)}/sign-out`),
  /** An observer's phone is lost: ends every session and unlinks Telegram and SMS, in one action. */
  lostPhone: (userId: string) => apiRequest<{ unlinked: string[] }>('POST', `/api/v1/users/${id(userId)}/lost-phone`),
};
