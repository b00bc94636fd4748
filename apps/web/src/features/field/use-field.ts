import {
  type FieldPack,
  type FollowUpDto,
  localDateTime,
  type StationDto,
  type UserDto,
  type ValidationContext,
} from '@pollwatch/core';
import { createContext, useCallback, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { ApiError } from '../../api/api-client.ts';
import { fieldApi } from './field-api.ts';
import { fieldDb } from './field-db.ts';
import {
  type FieldSnapshot,
  type FieldSync,
  fieldSyncFor,
  type Persistence,
  requestPersistence,
} from './field-sync.ts';
import { electionOf } from './pack.ts';
import { type FieldWorkerState, watchFieldServiceWorker } from './register-sw.ts';
import { stationZone } from './schedule.ts';

export interface PackState {
  pack: FieldPack | null;
  /** The HQ's follow-up requests on the observer's reports (cached with the pack). */
  followUps: FollowUpDto[];
  fetchedAt: string | null;
  /** The last refresh failed (offline, or the server said no); the cached pack is still used. */
  error: unknown;
  loading: boolean;
  /**
   * When the pack now stored on the phone (IndexedDB) was fetched: `null` when none is, `undefined`
   * until the phone has answered. Only what is stored counts for opening offline.
   */
  storedAt: string | null | undefined;
  /** The phone refused to store the pack (IndexedDB failed to open, read or write). */
  storageFailed: boolean;
}

/** The later of two stored times (a refresh may be saved before the first read answers). */
function later(a: string | null | undefined, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

/**
 * The observer's offline pack: read from the device at once, then refreshed from the server when
 * there is a connection (on open, when back online, every 10 minutes) and saved for next time.
 */
export function useFieldPackLoader(userId: string): PackState & { refresh: () => void } {
  const [state, setState] = useState<PackState>({
    pack: null,
    followUps: [],
    fetchedAt: null,
    error: null,
    loading: true,
    storedAt: undefined,
    storageFailed: false,
  });

  const refresh = useCallback(() => {
    Promise.all([fieldApi.fieldPack(), fieldApi.referenceNotes(), fieldApi.followUps()]).then(
      async ([fetched, notes, requests]) => {
        const followUps = requests.items;
        // The notes come from their own route and are kept in the same cached pack, for offline reading.
        const pack: FieldPack = { ...fetched, referenceNotes: fetched.referenceNotes ?? notes.items };
        const fetchedAt = new Date().toISOString();
        setState((s) => ({ ...s, pack, followUps, fetchedAt, error: null, loading: false }));
        const saved = await fieldDb.putPack({ userId, pack, fetchedAt, followUps }).then(
          () => true,
          () => false,
        );
        setState((s) =>
          saved
            ? { ...s, storedAt: later(s.storedAt, fetchedAt), storageFailed: false }
            : { ...s, storageFailed: true },
        );
      },
      (error: unknown) => setState((s) => ({ ...s, error, loading: false })),
    );
  }, [userId]);

  useEffect(() => {
    let alive = true;
    fieldDb.pack(userId).then(
      (cached) => {
        if (!alive) return;
        setState((s) => {
          const storedAt = later(s.storedAt, cached?.fetchedAt ?? null);
          return s.pack || !cached
            ? { ...s, storedAt }
            : { ...s, pack: cached.pack, followUps: cached.followUps ?? [], fetchedAt: cached.fetchedAt, storedAt };
        });
      },
      () => alive && setState((s) => ({ ...s, storedAt: s.storedAt ?? null, storageFailed: true })),
    );
    refresh();
    const timer = setInterval(refresh, 10 * 60_000);
    window.addEventListener('online', refresh);
    return () => {
      alive = false;
      clearInterval(timer);
      window.removeEventListener('online', refresh);
    };
  }, [userId, refresh]);

  return { ...state, refresh };
}

/** The outbox of the signed-in observer, live. */
export function useFieldSyncLoop(userId: string): { sync: FieldSync; snapshot: FieldSnapshot } {
  const sync = fieldSyncFor(userId);
  useEffect(() => sync.start(), [sync]);
  const snapshot = useSyncExternalStore(sync.subscribe, sync.getSnapshot, sync.getSnapshot);
  return { sync, snapshot };
}

/** Asks once for persistent storage; the answer decides whether the observer is warned. */
export function usePersistence(): Persistence | null {
  const [answer, setAnswer] = useState<Persistence | null>(null);
  useEffect(() => {
    let alive = true;
    void requestPersistence().then((a) => {
      if (alive) setAnswer(a);
    });
    return () => {
      alive = false;
    };
  }, []);
  return answer;
}

/** The field app's service worker: `null` until its registration is known. */
export function useFieldWorker(): FieldWorkerState | null {
  const [state, setState] = useState<FieldWorkerState | null>(null);
  useEffect(() => watchFieldServiceWorker(setState), []);
  return state;
}

/** The browser's idea of the current time, ticking every `ms` (the reminder banner, local times). */
export function useNow(ms = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export interface FieldContextValue {
  user: UserDto;
  pack: PackState & { refresh: () => void };
  sync: FieldSync;
  snapshot: FieldSnapshot;
  persistence: Persistence | null;
  worker: FieldWorkerState | null;
}

export const FieldContext = createContext<FieldContextValue | null>(null);

export function useField(): FieldContextValue {
  const value = useContext(FieldContext);
  if (!value) throw new Error('useField outside FieldLayout');
  return value;
}

/** What the forms engine needs to know of a station, exactly as the server passes it. */
export function validationContext(station: StationDto | undefined): ValidationContext {
  return {
    station: {
      registeredVoters: station?.registeredVoters ?? null,
      number: station ? String(station.number) : null,
    },
  };
}

export function stationLocalTime(now: Date, station: StationDto, pack: FieldPack): { date: string; time: string } {
  const election = electionOf(pack, station);
  return localDateTime(now, election ? stationZone(station, election) : 'UTC');
}

export const isUnauthenticated = (error: unknown) => error instanceof ApiError && error.code === 'unauthenticated';
