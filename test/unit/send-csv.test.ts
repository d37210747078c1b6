// sendCsv answers 200 only once its rows start coming, and a failure half-way shows as a broken
// download, not as a complete-looking file.
import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendCsv } from '../../server/platform/http/csv.ts';
import { errorHandler } from '../../server/platform/http/error-handler.ts';

type Row = readonly (string | number | null)[];

function appSending(rows: () => AsyncIterable<Row>) {
  const app = express();
  app.get('/export', async (_req, res) => {
    await sendCsv(res, 'prueba.csv', ['A', 'B'], rows());
  });
  app.use(errorHandler);
  return app;
}

const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
afterEach(() => logged.mockClear());

describe('sendCsv', () => {
  it('when the rows come, then 200 with the BOM, the header and every row', async () => {
    const response = await request(
      appSending(async function* () {
        yield ['1', '=2'];
        yield [3, null];
      }),
    ).get('/export');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.text).toBe("\uFEFFA,B\n1,'=2\n3,\n");
  });

  it('when the first query fails, then no 200 is sent: the error handler answers with a problem', async () => {
    const response = await request(
      appSending(async function* () {
        throw new Error('relation "audit_log" does not exist');
      }),
    ).get('/export');
    expect(response.status).toBe(500);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['content-disposition']).toBeUndefined();
  });

  it('when a later batch fails, then the transfer is aborted (not a complete-looking file) and the failure is logged', async () => {
    const app = appSending(async function* () {
      yield ['1', 'primero'];
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error('connection lost in batch 2');
    });
    const outcome = await request(app)
      .get('/export')
      .then(
        (response) => ({ complete: true, status: response.status, text: response.text }),
        (error: Error) => ({ complete: false, message: error.message }),
      );
    expect(outcome).toMatchObject({ complete: false });
    expect(logged.mock.calls.flat().join(' ')).toMatch(/connection lost in batch 2/);
  });
});
