import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { App } from './App.tsx';
import { ApiError } from './api/api-client.ts';
import { initI18n } from './i18n/i18n-setup.ts';
import { sessionKey } from './session/session-queries.ts';
import './styles.css';

const i18n = initI18n();

/** A session that ended (expired, signed out elsewhere, account disabled) sends the user to sign-in. */
function onApiError(error: unknown): void {
  if (error instanceof ApiError && error.code === 'unauthenticated') queryClient.setQueryData(sessionKey, null);
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      // Only a lost connection or a server hiccup is worth asking again; a 4xx answer stands.
      retry: (failures, error) =>
        failures < 2 && error instanceof ApiError && (error.code === 'network' || error.status >= 500),
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </I18nextProvider>
  </StrictMode>,
);
