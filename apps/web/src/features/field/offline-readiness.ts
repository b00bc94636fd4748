import type { FieldWorkerState } from './register-sw.ts';

/**
 * Whether this phone can open the field app with no signal, in one word for the observer:
 *
 * - `ready`: the service worker is active (the app's shell and code are on the phone) and the
 *   observer's pack is stored in IndexedDB;
 * - `preparing`: one of them is still missing and there is a connection to finish with;
 * - `needsConnection`: one is missing and there is no connection: it finishes once there is;
 * - `onlineOnly`: this browser offers no service worker (not a secure context, or a very old one):
 *   the app needs the connection to open, though reports saved in it stay on the phone;
 * - `storageUnavailable`: the phone refuses to store data for the app (storage full, a private
 *   window, a browser setting): it cannot open offline, nor keep reports on the phone;
 * - `unknown`: not known yet (the first moments after opening); nothing is said.
 */
export type OfflineReadiness =
  | 'unknown'
  | 'ready'
  | 'preparing'
  | 'needsConnection'
  | 'onlineOnly'
  | 'storageUnavailable';

export interface ReadinessInput {
  /** `null` until the registration is known. */
  worker: FieldWorkerState | null;
  /** Whether the observer's pack is stored on the phone; `null` until IndexedDB has answered. */
  packStored: boolean | null;
  online: boolean;
  /** The phone refused the last attempt to store the pack. */
  storageFailed?: boolean;
}

export function offlineReadiness({ worker, packStored, online, storageFailed }: ReadinessInput): OfflineReadiness {
  // The graver of the two: without storage the outbox itself cannot keep a report.
  if (storageFailed) return 'storageUnavailable';
  if (worker === 'unavailable') return 'onlineOnly';
  if (worker === 'active' && packStored === true) return 'ready';
  if (worker === null || packStored === null) return 'unknown';
  return online ? 'preparing' : 'needsConnection';
}
