/**
 * The service worker that keeps the field app's shell and built assets on the phone, so that `/app`
 * opens with no network after the first visit. Its scope is `/app`: the HQ console is never served
 * from it. Only in a production build (the dev server has no precache list) and in a secure context
 * (browsers offer service workers nowhere else).
 *
 * It is registered as early as an observer can be reached — on the invite link and sign-in pages as
 * well as in the field app — so that it installs while they sign in, not after.
 */

export const FIELD_SW_SCOPE = '/app';

/** `unavailable`: no service worker here; `installing`: not active yet; `active`: `/app` opens offline. */
export type FieldWorkerState = 'unavailable' | 'installing' | 'active';

export function fieldServiceWorkerSupported(): boolean {
  return (
    import.meta.env.PROD && typeof window !== 'undefined' && window.isSecureContext && 'serviceWorker' in navigator
  );
}

/** How often a worker that is not active yet is registered again (an install cut short). */
const RETRY_MS = 20_000;

let registering: Promise<ServiceWorkerRegistration | undefined> | null = null;

/**
 * Registers the worker once per page load (later calls share the first); `again` registers anew (a
 * no-op while an install is under way; after a failed one, a new attempt). Resolves to the
 * registration, or `undefined` when there is none.
 */
export function registerFieldServiceWorker(again = false): Promise<ServiceWorkerRegistration | undefined> {
  if (!fieldServiceWorkerSupported()) return Promise.resolve(undefined);
  if (again) registering = null;
  registering ??= navigator.serviceWorker.register('/sw.js', { scope: FIELD_SW_SCOPE }).catch(() => {
    // Without it the app still works online; the data itself lives in IndexedDB either way.
    registering = null;
    return undefined;
  });
  return registering;
}

function stateOf(registration: ServiceWorkerRegistration | undefined): FieldWorkerState {
  return registration?.active?.state === 'activated' ? 'active' : 'installing';
}

/**
 * Follows the worker of `/app` from registration to activation and calls `onChange` with each new
 * state, the first as soon as the registration is known. While it is not active, the return of the connection and a timer
 * register it again: an install cut short by a lost signal is finished later. Returns the stop
 * function.
 */
export function watchFieldServiceWorker(onChange: (state: FieldWorkerState) => void): () => void {
  if (!fieldServiceWorkerSupported()) {
    onChange('unavailable');
    return () => undefined;
  }
  let stopped = false;
  let last: FieldWorkerState | null = null;
  let registration: ServiceWorkerRegistration | undefined;
  const watched = new WeakSet<ServiceWorker>();

  const report = () => {
    if (stopped) return;
    const state = stateOf(registration);
    if (state !== last) {
      last = state;
      onChange(state);
    }
  };
  const follow = (worker: ServiceWorker | null) => {
    if (!worker || watched.has(worker)) return;
    watched.add(worker);
    worker.addEventListener('statechange', report);
  };
  const onUpdateFound = () => {
    follow(registration?.installing ?? null);
    report();
  };
  const attach = (found: ServiceWorkerRegistration | undefined) => {
    if (stopped || !found || found === registration) return;
    registration?.removeEventListener('updatefound', onUpdateFound);
    registration = found;
    found.addEventListener('updatefound', onUpdateFound);
    follow(found.installing);
    follow(found.waiting);
    follow(found.active);
    report();
  };
  const connect = (again: boolean) => {
    void registerFieldServiceWorker(again)
      .then((found) => found ?? navigator.serviceWorker.getRegistration(FIELD_SW_SCOPE).catch(() => undefined))
      .then((found) => {
        attach(found);
        report();
      });
  };
  // Not active yet: try again when the connection returns, and every little while.
  const retry = () => {
    if (last !== 'active' && navigator.onLine) connect(true);
  };
  const timer = setInterval(retry, RETRY_MS);

  connect(false);
  window.addEventListener('online', retry);
  return () => {
    stopped = true;
    clearInterval(timer);
    window.removeEventListener('online', retry);
    registration?.removeEventListener('updatefound', onUpdateFound);
  };
}
