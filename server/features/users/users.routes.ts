import type { Kysely } from 'kysely';
import { historyQuerySchema, idParamsSchema } from '../../../shared/api-schemas.ts';
import { createUserSchema, updateUserSchema } from '../../../shared/auth-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { contextOf } from '../../platform/http/request-context.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { createUser, listUsers, updateUser, userHistory } from './users.service.ts';

export function usersRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/users',
      doc: { summary: 'Usuarios, con sus roles y bloqueos', response: { status: 200, description: 'Los usuarios' } },
      handler: async (_req, res) => {
        res.json(await listUsers(db, clock()));
      },
    },
    {
      method: 'post',
      path: '/api/users',
      doc: { summary: 'Crear un usuario', body: createUserSchema, response: { status: 201, description: 'El usuario creado' } },
      handler: async (req, res) => {
        const input = parseRequest(createUserSchema, req.body, 'body');
        res.status(201).json(await createUser(db, contextOf(res), clock(), input));
      },
    },
    {
      method: 'get',
      path: '/api/users/:id/history',
      doc: { summary: 'Historial de un usuario', params: idParamsSchema, query: historyQuerySchema, response: { status: 200, description: 'Una página de sus cambios, el más reciente primero' } },
      handler: async (req, res) => {
        const { id } = parseRequest(idParamsSchema, req.params, 'path');
        res.json(await userHistory(db, id, parseRequest(historyQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'patch',
      path: '/api/users/:id',
      doc: { summary: 'Modificar un usuario (roles, estado, contraseña)', params: idParamsSchema, body: updateUserSchema, response: { status: 200, description: 'El usuario modificado' } },
      handler: async (req, res) => {
        const { id } = parseRequest(idParamsSchema, req.params, 'path');
        const patch = parseRequest(updateUserSchema, req.body, 'body');
        const context = contextOf(res);
        res.json(await updateUser(db, { ...context, user: context.user! }, clock(), id, patch));
      },
    },
  ];
}
