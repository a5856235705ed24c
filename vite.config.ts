import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Vite wraps every dynamic `import()` in a preload helper (about 0.7 KB gzipped in the entry).
 * With `modulePreload: false` and the editing chunk linking its own stylesheet, the wrapper has
 * nothing to preload: unwrapping it, and dropping the helper from the entry's exports and the
 * other chunks' imports, lets the minifier drop the helper. A wrapper left in place would then call
 * a helper no longer there, so the build fails instead should Vite's output change shape.
 */
function plainDynamicImports(): Plugin {
  return {
    name: 'plain-dynamic-imports',
    apply: 'build',
    renderChunk: {
      order: 'post',
      handler(code, chunk) {
        const unwrapped = code
          .replace(/__vitePreload\(\(\) => (import\("[^"]+"\)), __VITE_PRELOAD__\)/g, '$1')
          // `import { a as b, m as __vitePreload } from "./index.js"` and `export { …, __vitePreload as m, … }`
          .replace(/(?<=import \{[^}]*?)(, )?\b[\w$]+ as __vitePreload\b(, )?/g, (_, before, after) => (before && after ? ', ' : ''))
          .replace(/(?<=export \{[^}]*?)(, )?\b__vitePreload as [\w$]+(, )?/g, (_, before, after) => (before && after ? ', ' : ''))
          .replace(/^import \{\s*\} from "[^"]+";\n?/gm, '');
        if (/__vitePreload\s*\(/.test(unwrapped)) {
          throw new Error(`${chunk.fileName}: a dynamic import is still wrapped in Vite's preload helper; update plainDynamicImports in vite.config.ts`);
        }
        return unwrapped === code ? null : { code: unwrapped, map: null };
      },
    },
  };
}

/**
 * The message catalogs are data and import nothing at run time, yet the bundler starts each with
 * a bare `import "./index-….js"` (the chunk that loads it, for execution order): about 30 bytes
 * of every catalog, the first screen's included. Dropped; a catalog that imported anything else would keep
 * its imports and fail the check below.
 */
function catalogsWithoutImports(): Plugin {
  return {
    name: 'catalogs-without-imports',
    apply: 'build',
    renderChunk: {
      order: 'post',
      handler(code, chunk) {
        if (!chunk.facadeModuleId?.replaceAll('\\', '/').includes('/messages/')) return null;
        // Only bare imports (no bindings) go: the chunks a catalog is ordered after.
        const plain = code.replace(/^import\s*"[^"]+";\n?/gm, '');
        if (/^import\b/m.test(plain)) throw new Error(`${chunk.fileName}: a message catalog imports something at run time`);
        return plain === code ? null : { code: plain, map: null };
      },
    },
  };
}

/**
 * Hono's `hc` imports the cookie helper (signing and parsing included, about 0.5 KB gzipped) only to
 * send a route's `cookie` input. No route of the widget API takes one, so the widget's build gets a
 * stub that says so should one ever be sent. Tests run the real helper.
 */
function honoClientWithoutCookies(): Plugin {
  const stub = '\0hono-client-cookie-stub';
  return {
    name: 'hono-client-without-cookies',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      return source === '../utils/cookie.js' && importer?.replaceAll('\\', '/').includes('/hono/dist/client/') ? stub : null;
    },
    load(id) {
      if (id !== stub) return null;
      return "export const serialize = () => { throw new Error('The widget sends no cookies'); };";
    },
  };
}

/**
 * Vite ends the CSS it builds with a marker comment (`$vite$:1`, for its chunk hashes) and takes
 * it out before writing, but not from the one stylesheet of a build with `cssCodeSplit: false`,
 * where it is 14 bytes of the first screen's gzipped CSS. Should Vite stop adding it, nothing matches.
 */
function cssWithoutHashMarker(): Plugin {
  return {
    name: 'css-without-hash-marker',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const file of Object.values(bundle)) {
          if (file.type === 'asset' && file.fileName.endsWith('.css') && typeof file.source === 'string') {
            file.source = file.source.replace(/\n?\/\*\$vite\$:\d+\*\/$/, '');
          }
        }
      },
    },
  };
}

/** JSX as Preact's `h` calls (see the widget's build below). */
const preactJsx = { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' }, jsxInject: "import { h, Fragment } from 'preact'" } as const;

/**
 * The settings page (`vite build --mode admin`): a build of its own into dist/admin, so neither
 * its code nor its styles reach the sidebar's first screen (the widget's build keeps one
 * stylesheet, which a second entry would share).
 */
const adminBuild = {
  root: `${root}widget/admin`,
  base: '/admin/assets/',
  publicDir: false,
  build: { outDir: `${root}dist/admin`, emptyOutDir: true, assetsDir: '', target: 'es2022', modulePreload: false },
  oxc: preactJsx,
} as const;

/** Builds the widget into dist/widget (the settings page with `--mode admin`) and runs every test of the project. */
export default defineConfig(({ mode }) => (mode === 'admin' ? adminBuild : {
  root: `${root}widget`,
  base: '/assets/',
  publicDir: false,
  plugins: [plainDynamicImports(), catalogsWithoutImports(), honoClientWithoutCookies(), cssWithoutHashMarker()],
  build: {
    outDir: `${root}dist/widget`,
    emptyOutDir: true,
    assetsDir: '',
    target: 'es2022',
    modulePreload: false,
    cssCodeSplit: false,
    rolldownOptions: {
      output: {
        // The message catalogs by what they hold (`words-nl`, `editing-words-nl`), so the size report can tell them apart.
        chunkFileNames: (chunk) => {
          const module = chunk.facadeModuleId?.replaceAll('\\', '/') ?? '';
          if (module.includes('/widget/editing/messages/')) return 'editing-words-[name]-[hash].js';
          if (module.includes('/widget/messages/')) return 'words-[name]-[hash].js';
          return '[name]-[hash].js';
        },
      },
    },
  },
  // JSX becomes Preact's `h(type, props, ...children)` calls, which minify shorter than the
  // automatic runtime's `jsx(type, { ...props, children: [...] })` and need no runtime module of
  // their own: 196 bytes less gzipped on the first screen, 74 in the editing chunk. Type checking
  // keeps tsconfig's `react-jsx` with Preact's types, which type JSX the same way.
  oxc: preactJsx,
  test: {
    root,
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'widget/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
}));
