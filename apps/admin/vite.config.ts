import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Served by the api at /admin; built into dist/admin beside the compiled server.
export default defineConfig({
  root: __dirname,
  base: '/admin/',
  plugins: [react()],
  // npm run admin:dev: hot reload at :5173/admin/, the API calls passed to the api on :3000 (or API_URL).
  server: {
    proxy: Object.fromEntries(['/graphql', '/documents'].map((path) => [path, { target: process.env.API_URL ?? 'http://localhost:3000', ws: path === '/graphql' }])),
  },
  build: { outDir: '../../dist/admin', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  test: { environment: 'jsdom', globals: true, include: ['src/**/*.test.{ts,tsx}'], setupFiles: ['src/test-setup.ts'], testTimeout: 30_000 },
});
