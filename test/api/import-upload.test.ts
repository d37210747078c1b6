// An import's upload goes to a temporary file as it arrives, not into memory, and the file is gone
// once the import is over: answered, refused, or the client gone. The app runs in this process,
// so its temporary directory (TMPDIR) is one of this file's own, holding nothing but uploads.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, createServer, type ClientRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImportReport } from '../../shared/api.ts';
import { createTestUsers, startTestApp, type TestApp } from '../support/test-app.ts';
import { formularyHeader } from '../support/formulary-files.ts';

const uploadDir = mkdtempSync(join(tmpdir(), 'abastece-upload-test-'));
const systemTmpdir = process.env.TMPDIR;
let testApp: TestApp;
let server: Server;
let port: number;
let cookie: string;

beforeAll(async () => {
  process.env.TMPDIR = uploadDir;
  testApp = await startTestApp();
  server = createServer(testApp.app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
  const signIn = await fetch(`http://127.0.0.1:${port}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify((await createTestUsers(testApp)).pharmacy),
  });
  cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
});
afterEach(async () => {
  // Whatever a test did, no upload outlives its request.
  await vi.waitFor(() => expect(uploads()).toEqual([]), { timeout: 10_000 });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await testApp.close();
  if (systemTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = systemTmpdir;
  rmSync(uploadDir, { recursive: true, force: true });
});

const uploads = () => readdirSync(uploadDir);
const boundary = 'limite-de-prueba';
const rowOf = (index: number) => [`UPL-${index}`, 'Ácido fólico', '5 mg', 'tableta', 'Suministro local', 'Sangre', 'Esencial', 'No'].join(';');
const csvOf = (rows: number) => Buffer.from([formularyHeader.join(';'), ...Array.from({ length: rows }, (_, index) => rowOf(index))].join('\r\n'));
const partsBefore = Buffer.from(
  [`--${boundary}`, 'Content-Disposition: form-data; name="dryRun"', '', 'true', `--${boundary}`,
    'Content-Disposition: form-data; name="file"; filename="petitorio.csv"', 'Content-Type: text/csv', '', ''].join('\r\n'),
);
const partsAfter = Buffer.from(`\r\n--${boundary}--\r\n`);

/** A multipart import whose body the test sends piece by piece. */
function openUpload(): { request: ClientRequest; response: Promise<{ status: number; body: string }> } {
  const request = httpRequest({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/items/import',
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.once('response', (answer: IncomingMessage) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => resolve({ status: answer.statusCode!, body: Buffer.concat(chunks).toString() }));
    });
    request.once('error', reject);
  });
  return { request, response };
}

/** The one upload on disk, once it holds at least `bytes`. */
async function uploadOnDisk(bytes: number): Promise<Buffer> {
  return vi.waitFor(
    () => {
      const [name, ...others] = uploads();
      expect(others).toEqual([]);
      const content = readFileSync(join(uploadDir, name!));
      expect(content.length).toBeGreaterThanOrEqual(bytes);
      return content;
    },
    { timeout: 10_000, interval: 20 },
  );
}

describe('an import’s upload', () => {
  it('when a file is being uploaded, then it is written to a temporary file as it arrives, and no file is left once answered', async () => {
    const file = csvOf(20_000);
    const half = Math.floor(file.length / 2);
    const { request, response } = openUpload();
    request.write(partsBefore);
    request.write(file.subarray(0, half));
    // Half the file is on disk while the rest has not been sent: it was not held to the end in memory.
    const onDisk = await uploadOnDisk(half - 1024);
    expect(onDisk.equals(file.subarray(0, onDisk.length))).toBe(true);
    request.end(Buffer.concat([file.subarray(half), partsAfter]));
    const { status, body } = await response;
    expect(status).toBe(200);
    expect(JSON.parse(body) as ImportReport).toMatchObject({ created: 20_000, errors: [], applied: false });
    expect(uploads()).toEqual([]);
  });

  it('when the client goes away in the middle of the upload, then its temporary file is removed and nothing is imported', async () => {
    const file = csvOf(20_000);
    const { request, response } = openUpload();
    response.catch(() => {}); // the connection is cut: there is no answer
    request.write(partsBefore);
    request.write(file.subarray(0, file.length / 2));
    await uploadOnDisk(1);
    request.destroy();
    await vi.waitFor(() => expect(uploads()).toEqual([]), { timeout: 10_000 });
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    const items = await fetch(`http://127.0.0.1:${port}/api/items?q=UPL-&pageSize=1`, { headers: { cookie } });
    expect(((await items.json()) as { total: number }).total).toBe(0);
  });

  it('when the upload grows beyond 20 MB, then 413 names file and the part already on disk is removed', async () => {
    const { request, response } = openUpload();
    request.write(partsBefore);
    const megabyte = Buffer.alloc(1024 * 1024, 'a');
    for (let sent = 0; sent < 10; sent++) request.write(megabyte);
    await uploadOnDisk(5 * 1024 * 1024);
    for (let sent = 10; sent < 21; sent++) request.write(megabyte);
    request.end(partsAfter);
    const { status, body } = await response;
    expect(status).toBe(413);
    expect(JSON.parse(body).errors).toEqual([expect.objectContaining({ field: 'file', in: 'body' })]);
    expect(uploads()).toEqual([]);
  });

  it('when the uploaded file is refused as unreadable, then the temporary file it was written to is removed', async () => {
    const binary = Buffer.alloc(4 * 1024 * 1024, 0);
    const { request, response } = openUpload();
    request.write(partsBefore);
    request.write(binary.subarray(0, binary.length / 2));
    await uploadOnDisk(1024 * 1024);
    request.end(Buffer.concat([binary.subarray(binary.length / 2), partsAfter]));
    const { status, body } = await response;
    expect(status).toBe(422);
    expect(JSON.parse(body).errors).toEqual([expect.objectContaining({ field: 'file', message: expect.stringMatching(/datos binarios/) })]);
    expect(uploads()).toEqual([]);
  });
});
