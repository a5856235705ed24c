/**
 * The server's layers point one way: the domain knows only its ports, the platform kit and
 * `shared/`; the platform knows no adapter, domain or route; no server module imports a sandbox
 * statically (the demo is loaded on demand). Each rule is checked on every file's imports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The project paths a file imports statically (`import … from`, `export … from`, `import '…'`); dynamic `import()` is left out. */
function staticImports(file: string, source: string): string[] {
  const specifiers = [...source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm)].map(
    (match) => match[1] ?? match[2] ?? '',
  );
  return specifiers.filter((specifier) => specifier.startsWith('.')).map((specifier) => relative(root, resolve(root, dirname(file), specifier)));
}

/** Each import of the files under `folder` that starts with one of `forbidden`, as `file → import`. */
function forbiddenImports(folder: string, forbidden: string[], read = (file: string) => readFileSync(join(root, file), 'utf8')): string[] {
  return sourceFiles(folder).flatMap((file) =>
    staticImports(file, read(file))
      .filter((target) => forbidden.some((prefix) => target === prefix || target.startsWith(`${prefix}/`)))
      .map((target) => `${file} → ${target}`),
  );
}

const adapters = ['server/crm/highlevel', 'server/helpdesk/trengo', 'server/store/sqlite'];

describe('the server layers', () => {
  it('the domain imports no adapter, route or sandbox: only its ports, the platform and shared/', () => {
    expect(forbiddenImports('server/domain', [...adapters, 'server/http', 'sandbox'])).toEqual([]);
  });

  it('the platform imports no adapter, domain or route', () => {
    expect(forbiddenImports('server/platform', [...adapters, 'server/domain', 'server/http', 'sandbox'])).toEqual([]);
  });

  it('ports import no adapter', () => {
    const ports = ['server/crm/port.ts', 'server/helpdesk/port.ts', 'server/store/port.ts'];
    const offending = ports.flatMap((file) => staticImports(file, readFileSync(join(root, file), 'utf8')).filter((target) => adapters.some((prefix) => target.startsWith(prefix))));
    expect(offending).toEqual([]);
  });

  it('no server module imports a sandbox statically', () => {
    expect(forbiddenImports('server', ['sandbox'])).toEqual([]);
  });

  it('would catch a domain file that imports an adapter', () => {
    const planted = "import type { GhlClient } from '../crm/highlevel/index';\nexport {};\n";
    const read = (file: string) => (file === 'server/domain/view.ts' ? planted : readFileSync(join(root, file), 'utf8'));
    expect(forbiddenImports('server/domain', adapters, read)).toEqual(['server/domain/view.ts → server/crm/highlevel/index']);
  });
});
