// CSRF defence in depth for cookie-authenticated writes, beside SameSite=Strict: a browser sends
// Origin (and Sec-Fetch-Site) with every write, and a write from another site is refused.
import type { RequestHandler } from 'express';
import { HttpProblem } from './problem.ts';
import { problemTypes } from '../../../shared/problem-types.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const sameOriginWrites: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const origin = req.get('origin');
  const fetchSite = req.get('sec-fetch-site');
  // Behind a trusted proxy, protocol and host are the ones the browser used (X-Forwarded-*).
  const ownOrigin = `${req.protocol}://${req.host}`;
  const crossSite = (origin !== undefined && origin !== ownOrigin) || fetchSite === 'cross-site' || fetchSite === 'same-site';
  if (crossSite) {
    throw new HttpProblem(403, problemTypes.crossSite, 'Solicitud de otro sitio', 'Las escrituras solo se aceptan desde Abastece mismo.');
  }
  next();
};
