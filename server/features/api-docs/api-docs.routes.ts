// The API's own description, for the reference page and for whoever integrates with Abastece.
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { buildOpenApiDocument } from '../../platform/http/openapi.ts';

/** `routes` gives every other route; the document is made on the first request and kept. */
export function apiDocsRoutes(routes: () => readonly RouteDefinition[]): RouteDefinition[] {
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  const self: RouteDefinition = {
    method: 'get',
    path: '/api/openapi.json',
    doc: { summary: 'Este documento: la descripción OpenAPI 3.1 de la API', response: { status: 200, description: 'El documento OpenAPI' } },
    handler: (_req, res) => {
      document ??= buildOpenApiDocument([...routes(), self]);
      res.json(document);
    },
  };
  return [self];
}
