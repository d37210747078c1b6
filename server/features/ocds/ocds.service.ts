// GET /api/programmes/:id/ocds: the programme's processes as an OCDS release package, streamed.
// The package's opening goes first, then the releases one by one as batches of processes (keyset
// on the id) and their lines are read, then the closing: memory holds one batch, whatever the
// programme's size. Writing waits while the client is slow (backpressure) and stops when it leaves.
import type { Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { ConflictProblem } from '../../platform/http/problem.ts';
import { requireProgramme } from '../programmes/programmes.service.ts';
import { packageFrame, releaseJson, type OcdsProcessInput } from './ocds-release.ts';
import { findProcessBatch, findProcessLines, hasProcesses } from './ocds.repository.ts';

type Db = Kysely<Database>;

/** Processes per batch: with their lines (20 each on average), a few hundred kilobytes of JSON. */
export const PROCESS_BATCH = 100;

/** The next batch of processes after `afterId`, each with its lines. */
async function readBatch(db: Db, programmeId: number, afterId: number, size: number): Promise<OcdsProcessInput[]> {
  const processes = await findProcessBatch(db, programmeId, afterId, size);
  const lines = await findProcessLines(db, processes.map((process) => process.id));
  const byProcess = new Map<number, OcdsProcessInput['lines']>(processes.map((process) => [process.id, []]));
  for (const { processId, ...line } of lines) byProcess.get(processId)!.push(line);
  return processes.map((process) => ({ ...process, lines: byProcess.get(process.id)! }));
}

/** Writes a chunk; when the socket's buffer is full, waits for it to drain. False once the client has gone. */
function write(res: Response, chunk: string): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  if (res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const settle = (open: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(open);
    };
    const onDrain = () => settle(true);
    const onClose = () => settle(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/** The file's name: the programme's id and name in ASCII (accents dropped), safe in a header. */
export function packageFilename(programme: { id: number; name: string }): string {
  const slug = programme.name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `ocds-programa-${programme.id}${slug ? `-${slug}` : ''}.json`;
}

/** Where this package is, as the request reached the app; a Host header that makes no URL falls back to a URN. */
function packageUri(req: Request, programmeId: number): string {
  try {
    return new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`).href;
  } catch {
    return `urn:abastece:programa:${programmeId}:ocds`;
  }
}

export async function sendOcdsPackage(
  db: Db,
  req: Request,
  res: Response,
  programmeId: number,
  options: { ocidPrefix: string; now: Date; batchSize?: number },
): Promise<void> {
  const programme = await requireProgramme(db, programmeId);
  // A package holds at least one release (the schema's minItems).
  if (!(await hasProcesses(db, programmeId))) {
    throw new ConflictProblem(`El programa ${programmeId} no tiene procesos: no hay nada que publicar en OCDS.`, 'id');
  }
  const size = options.batchSize ?? PROCESS_BATCH;
  // Read before anything is sent: a failing first query still gets its problem response.
  let pending = readBatch(db, programmeId, 0, size);
  const first = await pending;

  res.status(200);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${packageFilename(programme)}"`);
  res.setHeader('Cache-Control', 'no-store');
  const { head, tail } = packageFrame({ uri: packageUri(req, programmeId), publishedDate: options.now });
  try {
    let open = await write(res, head);
    let separator = '';
    for (let batch = first; open && batch.length > 0; ) {
      // The next batch is read while this one is written.
      pending = batch.length < size ? Promise.resolve([]) : readBatch(db, programmeId, batch.at(-1)!.id, size);
      for (const process of batch) {
        open = await write(res, separator + releaseJson(process, options.ocidPrefix));
        separator = ',';
        if (!open) break;
      }
      batch = await pending;
    }
    if (open) res.end(tail);
  } catch (error) {
    // The 200 is gone: cut the transfer short, so the client never takes a partial file for a whole one.
    console.error(`OCDS export of programme ${programmeId} failed after it started:`, error);
    res.destroy();
  } finally {
    // A read still running when the client left: its result, or error, is no longer wanted.
    pending.catch(() => undefined);
  }
}
