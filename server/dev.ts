// npm run dev: Vite's dev server (hot reload) in front, the API behind it, one port.
import { createServer as createHttpServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { createServer } from 'vite';
import { createApp } from './app.ts';
import { ocidPrefixFromEnv } from './features/ocds/ocds-release.ts';
import { exitWith, listenOrExit, prepareDatabase, stopOnSignals } from './start.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 3000);

const { db, kind } = await prepareDatabase().catch(exitWith);
const vite = await createServer({ configFile: `${root}/vite.config.ts`, server: { middlewareMode: true } });
const api = createApp({ db, databaseKind: kind, ocidPrefix: ocidPrefixFromEnv(process.env.ABASTECE_OCDS_PREFIX) });
const app = express();
app.use((req, res, next) => (req.path.startsWith('/api/') ? api(req, res, next) : next()));
app.use(vite.middlewares);
const server = createHttpServer(app);
await listenOrExit(server, port, db);
// tsx watch restarts the server with SIGTERM: the old one lets go of the data directory first.
stopOnSignals(server, async () => {
  await vite.close();
  await db.destroy();
});
console.log(`Abastece (desarrollo) en http://localhost:${port} (base de datos: ${kind})`);
