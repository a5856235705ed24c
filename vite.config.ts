import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Builds the widget into dist/widget and runs every test of the project. */
export default defineConfig({
  root: `${root}widget`,
  base: '/assets/',
  publicDir: false,
  build: {
    outDir: `${root}dist/widget`,
    emptyOutDir: true,
    assetsDir: '',
    target: 'es2020',
    modulePreload: false,
    cssCodeSplit: false,
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    root,
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'widget/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
