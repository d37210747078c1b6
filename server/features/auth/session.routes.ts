import type { CookieOptions } from 'express';
import type { Kysely } from 'kysely';
import { changePasswordSchema, signInSchema } from '../../../shared/auth-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import { contextOf } from '../../platform/http/request-context.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import type { Clock } from '../../platform/clock.ts';
import { SESSION, changeOwnPassword, signIn, signOut } from './session.service.ts';

const cookieOptions = (secure: boolean): CookieOptions => ({ httpOnly: true, sameSite: 'strict', secure, path: '/' });

export function sessionRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
  return [
    {
      method: 'post',
      path: '/api/session',
      doc: { summary: 'Iniciar sesión', description: 'Responde con la sesión y entrega la cookie de sesión (HttpOnly). Los intentos fallidos se limitan por usuario y por dirección (429 con Retry-After).', body: signInSchema, response: { status: 200, description: 'La sesión iniciada' } },
      handler: async (req, res) => {
        const credentials = parseRequest(signInSchema, req.body, 'body');
        const { token, session } = await signIn(db, contextOf(res), clock(), credentials);
        res.cookie(SESSION.cookie, token, { ...cookieOptions(req.secure), expires: new Date(session.expiresAt) });
        res.json(session);
      },
    },
    {
      method: 'get',
      path: '/api/session',
      doc: { summary: 'La sesión actual: usuario y roles', response: { status: 200, description: 'La sesión' } },
      handler: (_req, res) => {
        res.json(contextOf(res).session);
      },
    },
    {
      method: 'delete',
      path: '/api/session',
      doc: { summary: 'Cerrar sesión', response: { status: 204, description: 'Sesión cerrada' } },
      handler: async (req, res) => {
        await signOut(db, contextOf(res), clock());
        res.clearCookie(SESSION.cookie, cookieOptions(req.secure));
        res.status(204).end();
      },
    },
    {
      method: 'post',
      path: '/api/session/password',
      doc: { summary: 'Cambiar la propia contraseña', body: changePasswordSchema, response: { status: 204, description: 'Contraseña cambiada' } },
      handler: async (req, res) => {
        const input = parseRequest(changePasswordSchema, req.body, 'body');
        const context = contextOf(res);
        await changeOwnPassword(db, { ...context, user: context.user! }, clock(), input);
        res.status(204).end();
      },
    },
  ];
}
