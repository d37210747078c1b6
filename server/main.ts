// npm start: the app and its API on one port, with the embedded database unless DATABASE_URL is set.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ensureClientBuilt } from './client-build.ts';
import { exitWith, listenOrExit, portFromEnv, prepareDatabase, stopOnSignals } from './start.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const clientDir = join(root, 'dist', 'client');
let port: number;
try {
  port = portFromEnv(process.env.PORT);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const startedAt = performance.now();

ensureClientBuilt(root, clientDir);
// Opening the database (WASM start-up for PGlite) overlaps with loading the HTTP side; a failure
// (the data directory held by another process, say) ends the start at once.
const opening = prepareDatabase().catch(exitWith);
const { createApp, ocidPrefixFromEnv, trustProxyFromEnv } = await import('./app.ts');
const { db, kind, seeded } = await opening;
const app = createApp({ db, databaseKind: kind, clientDir, trustProxy: trustProxyFromEnv(process.env.TRUST_PROXY), ocidPrefix: ocidPrefixFromEnv(process.env.ABASTECE_OCDS_PREFIX) });
const server = createServer(app);
await listenOrExit(server, port, db);
stopOnSignals(server, () => db.destroy());
const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
if (seeded) console.log('Datos de demostración cargados (base de datos vacía).');
console.log(`Abastece listo en http://localhost:${port} (base de datos: ${kind}, ${seconds} s)`);
