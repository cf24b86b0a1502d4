/// <reference types="vitest/config" />
// Preact without Babel: Vite's own JSX transform (oxc) with Preact's automatic runtime.
import { defineConfig } from 'vite';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    // The C++ build writes into its own tree (cmake/web.cmake); `npm run build` alone: dist/.
    outDir: process.env.CHAMADO_WEB_OUT ?? 'dist',
    emptyOutDir: true,
    // One small bundle; no inline scripts or styles (the server's CSP forbids them).
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    host: '127.0.0.1',
    // `npm run dev` proxies the API to a running `chamado serve` (CHAMADO_URL).
    proxy: Object.fromEntries(
      ['/api', '/attachments', '/access'].map((p) => [p, process.env.CHAMADO_URL ?? 'http://127.0.0.1:8080']),
    ),
  },
  test: { include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] },
});
