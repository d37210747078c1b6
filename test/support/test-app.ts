// The real app on a fresh copy of the demo database, for API tests through supertest.
import type { Express } from 'express';
import { createApp } from '../../server/app.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { createTestDatabase } from './test-database.ts';

export interface TestApp extends DatabaseHandle {
  app: Express;
  close(): Promise<void>;
}

export async function startTestApp(options: { clientDir?: string } = {}): Promise<TestApp> {
  const handle = await createTestDatabase();
  const app = createApp({ db: handle.db, databaseKind: handle.kind, clientDir: options.clientDir });
  return { ...handle, app, close: () => handle.db.destroy() };
}
