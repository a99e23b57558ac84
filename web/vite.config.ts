import { defineConfig, type Plugin } from 'vitest/config';
import { iconPng } from './icons';

/** Emits the PNG app icons the manifest names (drawn in icons.ts, so no binaries live in git). */
function appIcons(): Plugin {
  return {
    name: 'cloak-app-icons',
    generateBundle() {
      for (const size of [192, 512]) this.emitFile({ type: 'asset', fileName: `icon-${size}.png`, source: iconPng(size) });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = req.url?.match(/^\/icon-(192|512)\.png$/);
        if (!m) return next();
        res.setHeader('Content-Type', 'image/png');
        res.end(iconPng(Number(m[1])));
      });
    },
  };
}

// Preact through esbuild's automatic JSX runtime: no framework plugin (and no Babel) needed.
export default defineConfig({
  plugins: [appIcons()],
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    // `npm run dev` against a server on :8080 (./run.sh)
    proxy: { '/api': 'http://localhost:8080', '/ws': { target: 'ws://localhost:8080', ws: true } },
  },
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
