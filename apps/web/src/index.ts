/**
 * The web app is a browser bundle; nothing here is meant to be imported by other packages except
 * the location of the production build, which the server serves with an SPA fallback.
 * Build it with `npm run build -w apps/web`.
 */
export const webDistUrl: URL = new URL('../dist/', import.meta.url);
