import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { fieldPrecache } from './src/features/field/sw-precache-plugin.ts';

const api = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), fieldPrecache(['/favicon.svg', '/manifest.webmanifest', '/icons/field-icon.svg'])],
  server: {
    proxy: {
      '/api': api,
      '/healthz': api,
      '/readyz': api,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
});
