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
      handler: async (req, res) => {
        res.json(await listItems(db, parseRequest(itemsQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/items/summary',
      handler: async (_req, res) => {
        res.json(await summarizeFormulary(db));
      },
    },
    {
      method: 'get',
      path: '/api/items/possible-duplicates',
      handler: async (req, res) => {
        res.json(await listPossibleDuplicates(db, parseRequest(possibleDuplicatesQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/items/therapeutic-groups',
      handler: async (_req, res) => {
        res.json(await listTherapeuticGroups(db));
      },
    },
    {
      method: 'get',
      path: '/api/items/:id',
      handler: async (req, res) => {
        res.json(await getItem(db, itemId(req.params)));
      },
    },
    {
      method: 'get',
      path: '/api/items/:id/history',
      handler: async (req, res) => {
        res.json(await itemHistory(db, itemId(req.params), parseRequest(historyQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'post',
      path: '/api/items',
      handler: async (req, res) => {
        const input = parseRequest(itemInputSchema, req.body, 'body');
        res.status(201).json(await createItem(db, contextOf(res), clock(), input));
      },
    },
    {
      method: 'patch',
      path: '/api/items/:id',
      handler: async (req, res) => {
        const id = itemId(req.params);
        const patch = parseRequest(itemPatchSchema, req.body, 'body');
        res.json(await updateItem(db, contextOf(res), clock(), id, patch));
      },
    },
    {
      method: 'delete',
      path: '/api/items/:id',
      handler: async (req, res) => {
        await deleteItem(db, contextOf(res), clock(), itemId(req.params));
        res.status(204).end();
      },
    },
  ];
}
