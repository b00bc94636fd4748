import { defaultLocale, isLocale, type Locale, type UserDto } from '@pollwatch/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { applyLocale } from '../i18n/i18n-setup.ts';
import { sessionApi } from './session-api.ts';

export const sessionKey = ['session'] as const;
export const setupStatusKey = ['setup-status'] as const;

export function homeFor(user: UserDto): string {
  return user.role === 'observer' ? '/app' : '/hq';
}

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: sessionApi.me, staleTime: 60_000 });
}

export function useSetupStatus() {
  return useQuery({ queryKey: setupStatusKey, queryFn: sessionApi.setupStatus, staleTime: 60_000 });
}

/** After setup, sign-in or an invite: remember the user, take their language, go to their home. */
export function useSignedIn(): (user: UserDto) => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(
    async (user: UserDto) => {
      // A `GET /me` sent on load (no session yet) may still be on its way; its "nobody" must not win.
      await queryClient.cancelQueries({ queryKey: sessionKey });
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      queryClient.setQueryData(sessionKey, user);
      queryClient.setQueryData(setupStatusKey, { needed: false });
      await applyLocale(user.locale);
      await navigate(homeFor(user), { replace: true });
    },
    [queryClient, navigate],
  );
}

export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: sessionApi.signOut,
    onSettled: async () => {
      queryClient.setQueryData(sessionKey, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      await navigate('/sign-in', { replace: true });
    },
  });
}

/**
 * The language switcher: changes the UI at once, remembers the choice in this browser and, when
 * someone is signed in, saves it to their profile so it follows them to other devices.
 */
export function useLocaleSwitch(): { locale: Locale; change: (locale: Locale) => void } {
  const { i18n } = useTranslation();
  const queryClient = useQueryClient();
  const locale: Locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const change = useCallback(
    (next: Locale) => {
      void applyLocale(next);
      const user = queryClient.getQueryData<UserDto | null>(sessionKey);
      if (user && user.locale !== next) {
        queryClient.setQueryData(sessionKey, { ...user, locale: next });
        sessionApi.updateMe({ locale: next }).then(
          (res) => queryClient.setQueryData(sessionKey, res.user),
          () => {
            // The profile keeps the old language; this browser still uses the new one.
          },
        );
      }
    },
    [queryClient],
  );
  return { locale, change };
}

/** When a session is found on load (or a different user appears), the profile's language wins. */
export function useProfileLocale(): void {
  const { data: user } = useSession();
  const applied = useRef<string | null>(null);
  useEffect(() => {
    if (!user) {
      applied.current = null;
      return;
    }
    if (applied.current === user.id) return;
    applied.current = user.id;
    void applyLocale(user.locale);
  }, [user]);
}
