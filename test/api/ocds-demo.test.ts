// The OCDS export of the demo's Compra 2012 (issue 12: "the OCDS export of the demo validated
// against the official schema"), with its illustrative processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeDto } from '../../shared/api.ts';
import type { ProcessesPage } from '../../shared/procurement-api.ts';
import { DEFAULT_OCID_PREFIX } from '../../server/features/ocds/ocds-release.ts';
import { ocdsValidator } from '../support/ocds-validator.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp({ demo: true });
});
afterAll(() => testApp.close());

describe('the OCDS export of the demo', () => {
  it('when Compra 2012 is exported, then the package validates against the OCDS 1.1.5 schemas, one release per demo process', async () => {
    const viewer = await signedIn(testApp, 'viewer');
    const programmes = (await viewer.get('/api/programmes').expect(200)).body as ProgrammeDto[];
    const demo = programmes.find((programme) => programme.name === 'Compra 2012')!;
    const { processes, total } = (await viewer.get(`/api/programmes/${demo.id}/processes?pageSize=200`).expect(200)).body as ProcessesPage;
    expect(total).toBeGreaterThan(0);
    const response = await viewer.get(`/api/programmes/${demo.id}/ocds`).expect(200);
    const pkg = response.body as { releases: { ocid: string; tender: { items: unknown[] } }[] };
    const validator = ocdsValidator();
    expect(validator.packageErrors(pkg)).toEqual([]);
    for (const release of pkg.releases) expect(validator.releaseErrors(release), release.ocid).toEqual([]);
    expect(pkg.releases.map((release) => release.ocid).sort()).toEqual(processes.map((process) => `${DEFAULT_OCID_PREFIX}${process.id}`).sort());
    expect(pkg.releases.reduce((lines, release) => lines + release.tender.items.length, 0)).toBe(processes.reduce((lines, process) => lines + process.lines, 0));
  });
});
