/// <reference types="vitest/config" />
// Preact without Babel: Vite's own JSX transform (oxc) with Preact's automatic runtime.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

// Writes a gzip (level 9) copy beside each text file of the build; the server sends it to
// browsers that accept gzip (adapters/http/static_site.cpp), so no request compresses anything.
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'chamado-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
        );
      for (const f of walk(outDir))
        if (/\.(js|css|html|svg|json)$/.test(f)) fs.writeFileSync(`${f}.gz`, zlib.gzipSync(fs.readFileSync(f), { level: 9 }));
    },
  };
}

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [precompress()],
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
  test: { include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'] },
});
