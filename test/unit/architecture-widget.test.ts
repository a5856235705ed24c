/**
 * The widget talks to the server only through routes typed by `hc<Api>`: no `/api` path is written
 * by hand, nothing under `widget/` imports from `server/` except the API's type, `hc`'s code loads
 * with the editing chunk rather than the first screen, and the widget's modules import each other
 * without a circle. Each rule reads every widget source file with the TypeScript parser, so
 * comments and the words in them do not count.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readSource = (file: string) => readFileSync(join(root, file), 'utf8');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function parse(file: string, source: string): ts.SourceFile {
  return ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

function visit(node: ts.Node, each: (node: ts.Node) => void): void {
  each(node);
  node.forEachChild((child) => visit(child, each));
}

/** The project file a relative specifier names (`./model` → `widget/model.ts`), or the path as written when no source file fits. */
function resolveImport(file: string, specifier: string): string {
  const base = relative(root, resolve(root, dirname(file), specifier));
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
  return candidates.find((candidate) => /\.tsx?$/.test(candidate) && existsSync(join(root, candidate))) ?? base;
}

type ImportOf = { target: string; typeOnly: boolean; names: string[]; dynamic: boolean };

/** Every import of a file, packages included, with the specifier as written. */
function specifiersOf(file: string, source: string): ImportOf[] {
  const found: ImportOf[] = [];
  visit(parse(file, source), (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = ts.isImportDeclaration(node) ? node.importClause : undefined;
      const bindings = clause?.namedBindings;
      const names = [
        ...(clause?.name ? ['default'] : []),
        ...(bindings && ts.isNamedImports(bindings) ? bindings.elements.map((element) => element.name.text) : []),
        ...(bindings && ts.isNamespaceImport(bindings) ? ['*'] : []),
      ];
      const typeOnly = ts.isImportDeclaration(node) ? Boolean(clause?.isTypeOnly) : node.isTypeOnly;
      found.push({ target: node.moduleSpecifier.text, typeOnly, names, dynamic: false });
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      found.push({ target: argument && ts.isStringLiteralLike(argument) ? argument.text : '(computed)', typeOnly: false, names: [], dynamic: true });
    }
  });
  return found;
}

/** Every relative import of a file: `import … from`, `export … from`, `import '…'` and `import()`. */
function importsOf(file: string, source: string): ImportOf[] {
  return specifiersOf(file, source)
    .filter((entry) => entry.target.startsWith('.') || entry.target === '(computed)')
    .map((entry) => ({ ...entry, target: entry.target === '(computed)' ? entry.target : resolveImport(file, entry.target) }));
}

/** A module's name in an import or export (`'../shared/api'`), which is no request path. */
function isModuleSpecifier(node: ts.Node): boolean {
  const { parent } = node;
  return (
    ((ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) && parent.moduleSpecifier === node) ||
    (ts.isCallExpression(parent) && parent.expression.kind === ts.SyntaxKind.ImportKeyword) ||
    ts.isLiteralTypeNode(parent) && ts.isImportTypeNode(parent.parent)
  );
}

/** Each string or template literal that holds `/api`, as `file: text`; module names in imports aside. */
function handBuiltApiPaths(files: string[], read = readSource): string[] {
  return files.flatMap((file) => {
    const hits: string[] = [];
    visit(parse(file, read(file)), (node) => {
      const literal = ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node);
      if (literal && node.text.includes('/api') && !isModuleSpecifier(node)) {
        hits.push(`${file}: ${node.text}`);
      }
    });
    return hits;
  });
}

/** The one import of `server/` the widget may have: the API's type, for `hc<Api>`. */
const allowedServerImport = { target: 'server/http/api.ts', typeOnly: true, names: ['Api'] };

/** Each import of `server/` other than the API's type, as `file → target`. */
function serverImports(files: string[], read = readSource): string[] {
  return files.flatMap((file) =>
    importsOf(file, read(file))
      .filter((entry) => entry.target.startsWith('server/') || entry.target === '(computed)')
      .filter(
        (entry) =>
          entry.dynamic ||
          entry.target !== allowedServerImport.target ||
          !entry.typeOnly ||
          entry.names.join() !== allowedServerImport.names.join(),
      )
      .map((entry) => `${file} → ${entry.target}${entry.typeOnly ? ' (type)' : ''}`),
  );
}

/** The widget files the first screen loads: `main.tsx` and what it imports, leaving out `import()` and imports of types only. */
function firstScreenFiles(read = readSource): string[] {
  const loaded = new Set<string>();
  const load = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const entry of importsOf(file, read(file))) {
      if (!entry.dynamic && !entry.typeOnly && entry.target.startsWith('widget/')) load(entry.target);
    }
  };
  load('widget/main.tsx');
  return [...loaded];
}

/** Each file that imports `hono/client` for more than its types. */
function clientCodeImports(files: string[], read = readSource): string[] {
  return files.filter((file) => specifiersOf(file, read(file)).some((entry) => entry.target === 'hono/client' && !entry.typeOnly));
}

/** The first circle found in the static imports between the files (dynamic `import()` left out), or null. */
function importCircle(files: string[], read = readSource): string[] | null {
  const inside = new Set(files);
  const edges = new Map(
    files.map((file) => [file, importsOf(file, read(file)).filter((entry) => !entry.dynamic && inside.has(entry.target)).map((entry) => entry.target)]),
  );
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();

  function walk(file: string): string[] | null {
    if (onPath.has(file)) return [...path.slice(path.indexOf(file)), file];
    if (done.has(file)) return null;
    path.push(file);
    onPath.add(file);
    for (const next of edges.get(file) ?? []) {
      const circle = walk(next);
      if (circle) return circle;
    }
    path.pop();
    onPath.delete(file);
    done.add(file);
    return null;
  }

  for (const file of files) {
    const circle = walk(file);
    if (circle) return circle;
  }
  return null;
}

/** The sidebar's sources; the settings page (`widget/admin/`) is a build of its own, with its own rule below. */
const widgetFiles = sourceFiles('widget').filter((file) => !file.startsWith('widget/admin/'));
const adminFiles = sourceFiles('widget/admin');

describe('the widget and the server', () => {
  it('no widget source writes an /api path by hand: every route is named as hc<Api> types it', () => {
    expect(handBuiltApiPaths(widgetFiles)).toEqual([]);
  });

  it('would catch a path written by hand, in quotes or a template', () => {
    const planted = "export const url = (id: string) => [`/api/tasks/${id}`, '/api/contact'];\n";
    const read = (file: string) => (file === 'widget/display.ts' ? planted : readSource(file));
    expect(handBuiltApiPaths(['widget/display.ts'], read)).toEqual(['widget/display.ts: /api/tasks/', 'widget/display.ts: /api/contact']);
  });

  it('nothing under widget/ imports from server/ except the type of the API', () => {
    expect(serverImports(widgetFiles)).toEqual([]);
    expect(widgetFiles.flatMap((file) => importsOf(file, readSource(file)).filter((entry) => entry.target.startsWith('server/')))).toHaveLength(1);
  });

  it('the settings page imports from server/ only the types of the operator API and its session', () => {
    const fromServer = adminFiles.flatMap((file) => importsOf(file, readSource(file)).filter((entry) => entry.target.startsWith('server/') || entry.target === '(computed)'));
    expect(fromServer.length).toBeGreaterThan(0);
    for (const entry of fromServer) {
      expect(entry.typeOnly && !entry.dynamic).toBe(true);
      expect(['server/http/operator-api.ts', 'server/http/admin-session.ts']).toContain(entry.target);
    }
  });

  it('the settings page writes no /admin/api path by hand but its client’s base: routes and export links are named as hc<OperatorApi> types them', () => {
    expect(handBuiltApiPaths(adminFiles)).toEqual(['widget/admin/client.ts: /admin/api']);
  });

  it('would catch a value import of the API, or an import of anything else on the server', () => {
    const planted =
      "import { widgetApi } from '../server/http/api';\nimport type { Session } from '../server/platform/session';\nimport type { Api } from '../server/http/api';\n";
    const read = (file: string) => (file === 'widget/api.ts' ? planted : readSource(file));
    expect(serverImports(['widget/api.ts'], read)).toEqual(['widget/api.ts → server/http/api.ts', 'widget/api.ts → server/platform/session.ts (type)']);
  });
});

describe('the first screen', () => {
  it("loads hc's code with the editing chunk, not before: only its types reach the first screen", () => {
    const firstScreen = firstScreenFiles();
    expect(firstScreen).toContain('widget/api.ts');
    expect(firstScreen).not.toContain('widget/editing/index.tsx');
    expect(clientCodeImports(firstScreen)).toEqual([]);
    expect(clientCodeImports(widgetFiles)).toEqual(['widget/editing/client.ts']);
  });

  it('would catch hc imported for its code by a module the first screen loads', () => {
    const planted = "import { hc } from 'hono/client';\n";
    const read = (file: string) => (file === 'widget/display.ts' ? planted + readSource(file) : readSource(file));
    expect(clientCodeImports(firstScreenFiles(read), read)).toEqual(['widget/display.ts']);
  });
});

describe('the widget modules', () => {
  it('import each other without a circle (the editing chunk comes in by a dynamic import)', () => {
    expect(importCircle(widgetFiles)).toBeNull();
  });

  it('would catch a circle, type-only imports included', () => {
    const planted = "import type { SidebarModel } from '../model';\nexport const unsavedIdPrefix = 'unsaved-';\n";
    const read = (file: string) => (file === 'widget/components/Section.tsx' ? planted + readSource(file) : readSource(file));
    const circle = importCircle(widgetFiles, read);
    expect(circle?.[0]).toBe(circle?.at(-1));
    expect(circle).toContain('widget/components/Section.tsx');
    expect(circle).toContain('widget/model.ts');
  });
});

/** Attributes that show or say words to the agent, or pass them on to one that does. */
const wordAttributes = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'heading', 'submitLabel', 'empty']);

/** Words written into the widget's markup rather than taken from a message catalog: `file: words`. */
function wordsInMarkup(file: string, source: string): string[] {
  const found: string[] = [];
  visit(parse(file, source), (node) => {
    if (ts.isJsxText(node) && /\p{L}/u.test(node.text)) found.push(`${file}: ${node.text.trim()}`);
    if (ts.isJsxAttribute(node) && wordAttributes.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer) && /\p{L}/u.test(node.initializer.text)) {
      found.push(`${file}: ${node.name.getText()}="${node.initializer.text}"`);
    }
  });
  return found;
}

describe('the words on screen', () => {
  it('all come from the message catalogs: no widget component writes words into its markup', () => {
    const components = widgetFiles.filter((file) => file.endsWith('.tsx'));
    expect(components.length).toBeGreaterThan(20);
    expect(components.flatMap((file) => wordsInMarkup(file, readSource(file)))).toEqual([]);
  });

  it('would catch a word in the markup or in a labelling attribute', () => {
    const source = 'export const A = () => <p aria-label="Tasks">Due <b>{x}</b> · </p>; export const B = () => <Field label={t.title} placeholder="Plain text" />;';
    expect(wordsInMarkup('a.tsx', source)).toEqual(['a.tsx: aria-label="Tasks"', 'a.tsx: Due', 'a.tsx: placeholder="Plain text"']);
  });
});
