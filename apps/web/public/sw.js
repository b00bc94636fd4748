/* pollwatch field app service worker (hand-written). Scope: /app.
 *
 * Precaches the app shell (index.html) and the built assets the field app loads, so that /app opens
 * with no network after the first visit. The list below is written by the build
 * (src/field/sw-precache-plugin.ts); in this source file it is empty. API responses are never
 * cached here: the observer's data lives in IndexedDB, and reports must reach the server itself.
 */
const PRECACHE_VERSION = '__PRECACHE_VERSION__';
const PRECACHE_URLS = /* __PRECACHE_URLS__ */ [];
const SHELL_CACHE = `pollwatch-shell-${PRECACHE_VERSION}`;
const ASSET_CACHE = 'pollwatch-assets';
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(PRECACHE_URLS))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('pollwatch-shell-') && key !== SHELL_CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/** The network, unless it takes too long or fails; then the precached shell. */
async function navigation(request) {
  const cache = await caches.open(SHELL_CACHE);
  const fallback = () => cache.match('/index.html').then((r) => r || Response.error());
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), NAVIGATION_TIMEOUT_MS)),
    ]);
    if (response.ok) {
      cache.put('/index.html', response.clone());
      return response;
    }
    return response.status >= 500 ? fallback() : response;
  } catch {
    return fallback();
  }
}

/** Hashed assets never change: the cache first, then the network (kept for next time). */
async function asset(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && new URL(request.url).pathname.startsWith('/assets/')) {
    const cache = await caches.open(ASSET_CACHE);
    cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // The scope "/app" is a prefix: only the field app's own pages, never anything else, get the shell.
    if (url.pathname === '/app' || url.pathname.startsWith('/app/')) event.respondWith(navigation(request));
    return;
  }
  event.respondWith(asset(request));
});
