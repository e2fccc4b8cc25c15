import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Only the desktop door (with its worker threads) and the renderer are bundled. The headless door runs the
// engine straight from src under Node 24's type stripping, so no build stands between
// an engine change and a test.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          desktop: resolve('src/main/desktop/main.ts'),
          // A worker thread loads its module by path: it must be a file of its own.
          'store-writer-worker': resolve('src/main/engine/store-writer-worker.ts'),
          'store-backup-worker': resolve('src/main/engine/kernel/store/store-backup-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // A sandboxed preload cannot load ES modules: it must be one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    base: './',
    build: {
      outDir: resolve('out/renderer'),
      // The headless door serves this over the network: ship it small.
      minify: true,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
