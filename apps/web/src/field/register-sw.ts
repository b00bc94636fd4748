/**
 * Registers the service worker that keeps the field app's shell and built assets on the phone, so
 * that `/app` opens with no network after the first visit. Its scope is `/app`: the HQ console is
 * never served from it. Only in a production build (the dev server has no precache list).
 */
export function registerFieldServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/app' }).catch(() => {
    // Without it the app still works online; the data itself lives in IndexedDB either way.
  });
}
