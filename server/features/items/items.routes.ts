import type { Kysely } from 'kysely';
import {
  historyQuerySchema,
  idParamsSchema,
  itemInputSchema,
  itemPatchSchema,
  itemsQuerySchema,
  possibleDuplicatesQuerySchema,
} from '../../../shared/api-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { contextOf } from '../../platform/http/request-context.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { listPossibleDuplicates } from './item-duplicates.service.ts';
import {
  createItem,
  deleteItem,
  getItem,
  itemHistory,
  listItems,
  listTherapeuticGroups,
  summarizeFormulary,
  updateItem,
} from './items.service.ts';

const itemId = (params: unknown) => parseRequest(idParamsSchema, params, 'path').id;

export function itemsRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/items',
      doc: { summary: 'Ítems del petitorio, filtrados, ordenados y paginados', query: itemsQuerySchema, response: { status: 200, description: 'Una página de ítems y el total' } },
      handler: async (req, res) => {
        res.json(await listItems(db, parseRequest(itemsQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/items/summary',
      doc: { summary: 'Tamaño del petitorio por cartilla, frente a lo declarado', response: { status: 200, description: 'Conteos calculados y declarados' } },
      handler: async (_req, res) => {
        res.json(await summarizeFormulary(db));
      },
    },
    {
      method: 'get',
      path: '/api/items/possible-duplicates',
      doc: { summary: 'Posibles duplicados de un ítem que se está escribiendo', query: possibleDuplicatesQuerySchema, response: { status: 200, description: 'Ítems con el mismo código o la misma descripción' } },
      handler: async (req, res) => {
        res.json(await listPossibleDuplicates(db, parseRequest(possibleDuplicatesQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/items/therapeutic-groups',
      doc: { summary: 'Grupos terapéuticos con su número de ítems', response: { status: 200, description: 'Los grupos, en orden alfabético español' } },
      handler: async (_req, res) => {
        res.json(await listTherapeuticGroups(db));
      },
    },
    {
      method: 'get',
      path: '/api/items/:id',
      doc: { summary: 'Un ítem del petitorio', params: idParamsSchema, response: { status: 200, description: 'El ítem' } },
      handler: async (req, res) => {
        res.json(await getItem(db, itemId(req.params)));
      },
    },
    {
      method: 'get',
      path: '/api/items/:id/history',
      doc: { summary: 'Historial de un ítem', params: idParamsSchema, query: historyQuerySchema, response: { status: 200, description: 'Una página de sus cambios, el más reciente primero' } },
      handler: async (req, res) => {
        res.json(await itemHistory(db, itemId(req.params), parseRequest(historyQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'post',
      path: '/api/items',
      doc: { summary: 'Crear un ítem', body: itemInputSchema, response: { status: 201, description: 'El ítem creado y sus posibles duplicados' } },
      handler: async (req, res) => {
        const input = parseRequest(itemInputSchema, req.body, 'body');
        res.status(201).json(await createItem(db, contextOf(res), clock(), input));
      },
    },
    {
      method: 'patch',
      path: '/api/items/:id',
      doc: { summary: 'Modificar un ítem (con la versión leída)', params: idParamsSchema, body: itemPatchSchema, response: { status: 200, description: 'El ítem modificado; 409 con el registro actual si la versión es antigua' } },
      handler: async (req, res) => {
        const id = itemId(req.params);
        const patch = parseRequest(itemPatchSchema, req.body, 'body');
        res.json(await updateItem(db, contextOf(res), clock(), id, patch));
      },
    },
    {
      method: 'delete',
      path: '/api/items/:id',
      doc: { summary: 'Eliminar un ítem que ninguna compra usa', params: idParamsSchema, response: { status: 204, description: 'Ítem eliminado' } },
      handler: async (req, res) => {
        await deleteItem(db, contextOf(res), clock(), itemId(req.params));
        res.status(204).end();
      },
    },
  ];
}
