// npm start: the prebuilt server (dist/server.js, written by `npm run build`) when it is newer than
// every server source, otherwise the TypeScript sources through tsx. Loading tsx and compiling the
// sources costs a later start more than opening the database; a stale bundle must never run, so
// any source edited since the build falls back to the sources. Plain JavaScript: it runs as is.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist', 'server.js');
const sources = ['server', 'db', 'shared', 'package-lock.json'];

/** The latest modification time under `path` (a file or a directory tree). */
function newestModification(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestModification(join(path, entry))), stat.mtimeMs);
}

const builtAt = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
if (builtAt > 0 && builtAt >= Math.max(...sources.map((source) => newestModification(join(root, source))))) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
