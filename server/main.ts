// npm start: the app and its API on one port, with the embedded database unless DATABASE_URL is set.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ensureClientBuilt } from './client-build.ts';
import { prepareDatabase } from './start.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const clientDir = join(root, 'dist', 'client');
const port = Number(process.env.PORT ?? 3000);
const startedAt = performance.now();

ensureClientBuilt(root, clientDir);
// Opening the database (WASM start-up for PGlite) overlaps with loading the HTTP side.
const opening = prepareDatabase();
const { createApp, trustProxyFromEnv } = await import('./app.ts');
const { db, kind, seeded } = await opening;
const app = createApp({ db, databaseKind: kind, clientDir, trustProxy: trustProxyFromEnv(process.env.TRUST_PROXY) });
const server = app.listen(port, () => {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  if (seeded) console.log('Datos de demostración cargados (base de datos vacía).');
  console.log(`Abastece listo en http://localhost:${port} (base de datos: ${kind}, ${seconds} s)`);
});

async function shutdown() {
  server.close();
  await db.destroy();
  process.exit(0);
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
