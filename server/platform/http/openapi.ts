// The OpenAPI 3.1 document of the API, made from the route declarations (routes.ts): their paths,
// the authorisation policy, and the zod schemas their handlers parse requests with, so the document
// cannot drift from what the server accepts.
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { roleLabels } from '../../../shared/auth.ts';
import { policy, type Access, type RouteKey } from '../../features/auth/policy.ts';
import { SESSION } from '../../features/auth/session.service.ts';
import { routeKey, type RouteDefinition, type RouteDoc } from './routes.ts';

const problemSchema = z
  .object({
    type: z.string().meta({ description: 'Tipo del problema (RFC 9457), p. ej. /problems/invalid-request' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), in: z.enum(['query', 'path', 'body']), message: z.string() }))
      .optional()
      .meta({ description: 'Cada campo que falla, dónde está y por qué, en español' }),
  })
  .meta({ id: 'Problem', description: 'Un error de la API (application/problem+json, RFC 9457)' });

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });

/** The section of the reference a path belongs to, by its first segment after /api. */
const tags: Record<string, string> = {
  health: 'Servidor',
  session: 'Sesión',
  users: 'Usuarios',
  audit: 'Auditoría',
  items: 'Petitorio',
  programmes: 'Programas de compra',
  budgets: 'Presupuesto',
  processes: 'Procesos de selección',
  suppliers: 'Proveedores',
  'process-rules': 'Reglas de procesos',
  consumption: 'Consumo y existencias',
  quantification: 'Cuantificación',
  'import-jobs': 'Conciliación',
  'openapi.json': 'Servidor',
};

const tagOf = (path: string) => tags[path.split('/')[2] ?? ''] ?? 'Otros';

/** Express's /api/items/:id as OpenAPI's /api/items/{id}. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function accessText(access: Access): string {
  if (access === 'public') return 'Acceso: público, sin sesión.';
  if (access === 'signed-in') return 'Acceso: cualquier usuario con sesión.';
  return `Acceso: ${access.map((role) => roleLabels[role]).join(', ')}.`;
}

const spreadsheet = {
  'text/csv': { schema: z.string().meta({ description: 'CSV en UTF-8 con BOM' }) },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().meta({ format: 'binary' }) },
};

function successContent(response: RouteDoc['response']) {
  if (response.status === 204) return undefined;
  switch (response.mediaType ?? 'application/json') {
    case 'text/csv':
      return { 'text/csv': spreadsheet['text/csv'] };
    case 'spreadsheet':
      return spreadsheet;
    default:
      return { 'application/json': {} };
  }
}

/** get /api/items/:id/history → getItemsIdHistory */
const operationId = (route: RouteDefinition) =>
  route.method +
  route.path
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word && word !== 'api')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');

function operation(route: RouteDefinition): ZodOpenApiOperationObject {
  const { doc } = route;
  const access = policy[routeKey(route) as RouteKey];
  const takesInput = Boolean(doc.params || doc.query || doc.body || doc.upload);
  const writes = route.method !== 'get';
  const errors = {
    ...(takesInput ? { '400': problem('Solicitud no válida: «errors» nombra cada campo') } : {}),
    ...(access === 'public' ? {} : { '401': problem('Sin sesión, o la sesión venció') }),
    ...(Array.isArray(access) ? { '403': problem('El rol del usuario no permite esta operación') } : {}),
    ...(doc.params ? { '404': problem('No existe el registro indicado en la ruta') } : {}),
    ...(writes && access !== 'public' ? { '409': problem('Conflicto: versión desactualizada (con el registro actual en «current») o una regla de integridad') } : {}),
    ...(doc.upload ? { '413': problem('El archivo supera el tamaño máximo'), '422': problem('El archivo no se puede leer o supera un límite') } : {}),
  };
  const content = successContent(doc.response);
  return {
    operationId: operationId(route),
    tags: [tagOf(route.path)],
    summary: doc.summary,
    description: [doc.description, accessText(access)].filter(Boolean).join('\n\n'),
    ...(access === 'public' ? { security: [] } : {}),
    ...(doc.params || doc.query ? { requestParams: { ...(doc.params ? { path: doc.params } : {}), ...(doc.query ? { query: doc.query as z.ZodObject } : {}) } } : {}),
    ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: doc.body } } } } : {}),
    ...(doc.upload
      ? {
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: doc.upload.fields.extend({ [doc.upload.fileField]: z.string().meta({ format: 'binary', description: doc.upload.accept }) }),
              },
            },
          },
        }
      : {}),
    responses: {
      [String(doc.response.status)]: { description: doc.response.description, ...(content ? { content } : {}) },
      ...errors,
    },
  };
}

export function buildOpenApiDocument(routes: readonly RouteDefinition[]) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'API de Abastece',
      version: '1.0',
      description:
        'Programación y abastecimiento de medicamentos de EsSalud. Los montos viajan como texto decimal con dos decimales ("207771443.11"); ' +
        'cantidades y precios unitarios con hasta cuatro. Todo error es application/problem+json y nombra el campo.',
    },
    servers: [{ url: '/' }],
    // In the order above, "Otros" last: every section an operation is in, so the reference lists them all.
    tags: [...new Set([...Object.values(tags), 'Otros'])]
      .filter((name) => routes.some((route) => tagOf(route.path) === name))
      .map((name) => ({ name })),
    security: [{ sesion: [] }],
    components: {
      securitySchemes: {
        sesion: { type: 'apiKey', in: 'cookie', name: SESSION.cookie, description: 'Cookie de sesión que entrega POST /api/session' },
      },
    },
    paths,
  });
}
