import type { RequestHandler } from 'express';
import { parse } from 'cookie';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { contextOf } from '../../platform/http/request-context.ts';
import type { Clock } from '../../platform/clock.ts';
import { SESSION, hashToken, resumeSession } from './session.service.ts';

/** Recognises the session cookie, if any; the guards (authorize.ts) decide what follows. */
export function authenticate(db: Kysely<Database>, clock: Clock): RequestHandler {
  return async (req, res, next) => {
    const token = parse(req.headers.cookie ?? '')[SESSION.cookie];
    if (token) {
      const session = await resumeSession(db, token, clock());
      if (session) {
        const context = contextOf(res);
        context.session = session;
        context.user = session.user;
        context.sessionTokenHash = hashToken(token);
      }
    }
    next();
  };
}
