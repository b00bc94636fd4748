import type {
  ChangePasswordBody,
  InviteSignInBody,
  SessionResponse,
  SetupBody,
  SetupStatus,
  SignInBody,
  UpdateMeBody,
  UserDto,
} from '@pollwatch/core';
import { ApiError, apiRequest } from '../api/api-client.ts';

/** Typed calls of the setup, sign-in and own-account routes of /api/v1, one function per route. */
export const sessionApi = {
  setupStatus: () => apiRequest<SetupStatus>('GET', '/api/v1/setup'),
  /** The server prints a link with a one-time `?token=`; it goes with the form. */
  setup: (body: SetupBody) => {
    const token = new URLSearchParams(window.location.search).get('token');
    const query = token ? `?token=${encodeURIComponent(token)}` : '';
    return apiRequest<SessionResponse>('POST', `/api/v1/setup${query}`, body);
  },

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
};
