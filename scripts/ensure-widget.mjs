// Builds the widget and the settings page when either is missing or older than its sources, so `npm start` just works.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const built = ['dist/widget/index.html', 'dist/admin/index.html'];
const sources = ['widget', 'shared', 'vite.config.ts'];

function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

function builtAt(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

if (Math.min(...built.map(builtAt)) < Math.max(...sources.map(newestChange))) {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  execFileSync('npx', ['vite', 'build', '--mode', 'admin', '--logLevel', 'warn'], { stdio: 'inherit' });
}
