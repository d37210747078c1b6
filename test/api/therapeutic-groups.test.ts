// GET /api/items/therapeutic-groups: the groups the formulary uses, with their item counts, in
// Spanish order, for the item form's suggestions. The test arranges its own items; whatever else
// the database holds is left aside.
import type TestAgent from 'supertest/lib/agent.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDto, TherapeuticGroups } from '../../shared/api.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let pharmacy: TestAgent;
let viewer: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  pharmacy = await signedIn(testApp, 'pharmacy');
  viewer = await signedIn(testApp, 'viewer');
});
afterAll(() => testApp.close());

/** The listed groups whose name ends with `mark`: each test marks its own, which no other data uses. */
const groupsMarked = async (mark: string) => {
  const response = await viewer.get('/api/items/therapeutic-groups').expect(200);
  return (response.body as TherapeuticGroups).groups.filter((group) => group.name.endsWith(mark));
};

let sequence = 0;
async function createItem(therapeuticGroup: string): Promise<ItemDto> {
  sequence += 1;
  const response = await pharmacy
    .post('/api/items')
    .send({
      code: `TG-${String(sequence).padStart(3, '0')}`,
      dci: `Producto de grupo ${sequence}`,
      strength: '10 mg',
      dosageForm: 'Tableta',
      supplyList: 'local',
      therapeuticGroup,
      ven: 'essential',
      oncology: false,
    })
    .expect(201);
  return response.body as ItemDto;
}

describe('GET /api/items/therapeutic-groups', () => {
  it('when items are created in new groups, then each group is listed once with its item count, in Spanish order (Á with A, Ñ after N), to anyone signed in only', async () => {
    const MARK = '(prueba de orden)';
    expect(await groupsMarked(MARK)).toEqual([]);
    await createItem(`Zoonosis ${MARK}`);
    await createItem(`Ñandú ${MARK}`);
    await createItem(`Nutrición ${MARK}`);
    await createItem(`Ácaros ${MARK}`);
    await createItem(`Ácaros ${MARK}`);

    expect(await groupsMarked(MARK)).toEqual([
      { name: `Ácaros ${MARK}`, items: 2 },
      { name: `Nutrición ${MARK}`, items: 1 },
      { name: `Ñandú ${MARK}`, items: 1 },
      { name: `Zoonosis ${MARK}`, items: 1 },
    ]);
    const anonymous = await request(testApp.app).get('/api/items/therapeutic-groups').expect(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('when the last item of a group is deleted and another moves to a new group, then the counts follow the formulary', async () => {
    const MARK = '(prueba de recuento)';
    const deleted = await createItem(`Borrado ${MARK}`);
    const moved = await createItem(`Origen ${MARK}`);
    expect((await groupsMarked(MARK)).map((group) => group.name)).toEqual(
      expect.arrayContaining([`Borrado ${MARK}`, `Origen ${MARK}`]),
    );

    await pharmacy.delete(`/api/items/${deleted.id}`).expect(204);
    await pharmacy.patch(`/api/items/${moved.id}`).send({ version: moved.version, therapeuticGroup: `Destino ${MARK}` }).expect(200);

    const names = (await groupsMarked(MARK)).map((group) => group.name);
    expect(names).toContain(`Destino ${MARK}`);
    expect(names).not.toContain(`Borrado ${MARK}`);
    expect(names).not.toContain(`Origen ${MARK}`);
  });
});
