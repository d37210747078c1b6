// The OpenAPI document is made from the route declarations: every route of the policy is in it,
// with the parameters its path names, and it is a valid OpenAPI 3.1 document.
import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policy } from '../../server/features/auth/policy.ts';
import { openApiPath } from '../../server/platform/http/openapi.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

interface Operation {
  summary: string;
  description: string;
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, unknown>;
}

let testApp: TestApp;
let document: { openapi: string; paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  testApp = await startTestApp();
  const agent = await signedIn(testApp, 'viewer');
  const response = await agent.get('/api/openapi.json');
  expect(response.status).toBe(200);
  document = response.body;
});
afterAll(() => testApp.close());

const operations = () =>
  Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));

describe('the OpenAPI document', () => {
  it('when anyone without a session asks for it, then 401', async () => {
    const response = await request(testApp.app).get('/api/openapi.json');
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('when read, then it is valid OpenAPI 3.1', async () => {
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(structuredClone(document) as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('when compared with the policy, then every route of the policy is in it and nothing else', () => {
    const documented = operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`).sort();
    const routes = Object.keys(policy).map((key) => {
      const [method, path] = key.split(' ') as [string, string];
      return `${method} ${openApiPath(path)}`;
    });
    expect(documented).toEqual(routes.sort());
  });

  it('when a path names a parameter, then the operation declares it as a required path parameter', () => {
    for (const { path, method, operation } of operations()) {
      const named = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
      expect(declared.map((parameter) => parameter.name), `${method} ${path}`).toEqual(named);
      expect(declared.every((parameter) => parameter.required), `${method} ${path}`).toBe(true);
    }
  });

  it('when an operation is listed, then it has a Spanish summary and says who may call it', () => {
    for (const { path, method, operation } of operations()) {
      expect(operation.summary, `${method} ${path}`).toMatch(/\S/);
      expect(operation.description, `${method} ${path}`).toMatch(/^Acceso: |\n\nAcceso: /);
    }
  });

  it('when a route takes a query or body, then the document carries the schema its handler parses with', () => {
    const items = document.paths['/api/items']!;
    const query = items.get!.parameters!.map((parameter) => parameter.name);
    expect(query).toEqual(expect.arrayContaining(['supplyList', 'q', 'page', 'pageSize', 'sort', 'order']));
    const body = items.post!.requestBody!.content['application/json']!.schema as { required: string[]; additionalProperties: boolean };
    expect(body.required).toEqual(expect.arrayContaining(['code', 'dci', 'strength', 'dosageForm', 'supplyList', 'ven']));
    expect(body.additionalProperties).toBe(false);
    const upload = document.paths['/api/items/import']!.post!.requestBody!.content['multipart/form-data']!.schema as { properties: Record<string, unknown> };
    expect(Object.keys(upload.properties)).toEqual(expect.arrayContaining(['file', 'dryRun', 'mapping']));
  });

  it('when a route is restricted to roles or takes input, then its problem responses are documented', () => {
    const create = document.paths['/api/items']!.post!;
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409']));
    const health = document.paths['/api/health']!.get!;
    expect(Object.keys(health.responses)).toEqual(['200']);
  });
});
