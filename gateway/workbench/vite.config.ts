import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const page = (name: string) => fileURLToPath(new URL(`./src/${name}.html`, import.meta.url));

/**
 * Two pages (the IDE and the dashboard) and everything they load, built into dist/ for the gateway to
 * serve under /workbench/assets. Monaco's workers are built as files of their own (`?worker`), so the
 * browser loads nothing from another host; no source maps ship.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./src', import.meta.url)),
  base: '/workbench/',
  publicDir: false,
  define: { __WORKBENCH_VERSION__: JSON.stringify(pkg.version) },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // Monaco alone is a few MB; the IDE loads once per session and the gateway serves it compressed-free on a LAN.
    chunkSizeWarningLimit: 5000,
    rolldownOptions: {
      input: { ide: page('ide'), dashboard: page('dashboard') },
      // React libraries mark their modules "use client" (for server components); meaningless in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  worker: { format: 'es' },
  logLevel: 'warn',
});
