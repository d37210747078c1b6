// Quantification (one item's what-if, a programme's suggested quantities and accepting them) and
// the programme's analyses: ABC, ABC × VEN and indicators.
import type { Kysely } from 'kysely';
import { idParamsSchema } from '../../../shared/api-schemas.ts';
import { abcQuerySchema, abcVenQuerySchema, acceptSuggestionsSchema, quantificationQuerySchema } from '../../../shared/quantification-api.ts';
import { quantificationCalculateSchema } from '../../../shared/quantification-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { contextOf } from '../../platform/http/request-context.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { programmeAbc, programmeAbcVen, programmeIndicators } from './programme-analyses.service.ts';
import { acceptSuggestions, calculate, quantifyProgramme } from './quantification.service.ts';

const programmeId = (params: unknown) => parseRequest(idParamsSchema, params, 'path').id;

export function quantificationRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
  return [
    {
      method: 'post',
      path: '/api/quantification/calculate',
      doc: {
        summary: 'Calcular la cantidad de un ítem por el método OMS/MSH u OpenLMIS, con cada paso (sin guardar)',
        description: 'Todo valor derivado que se envíe reemplaza su cálculo (qué pasaría si). Un dato que el método no admite es 422 y nombra el campo.',
        body: quantificationCalculateSchema,
        response: { status: 200, description: 'Cada valor derivable con su fórmula, datos y redondeo' },
      },
      handler: (req, res) => {
        res.json(calculate(req.body));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/quantification',
      doc: {
        summary: 'Cantidades sugeridas para los ítems del programa, con su derivación, precio y diferencia con el plan',
        description: 'Ítems con línea en el programa; consumo nacional (todas las redes) de los meses del período. Precio: última adjudicación del ítem, o el de su línea.',
        params: idParamsSchema,
        query: quantificationQuerySchema,
        response: { status: 200, description: 'Una página de sugerencias, con los totales del programa' },
      },
      handler: async (req, res) => {
        res.json(await quantifyProgramme(db, clock(), programmeId(req.params), parseRequest(quantificationQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'post',
      path: '/api/programmes/:id/quantification/accept',
      doc: {
        summary: 'Aceptar las cantidades sugeridas de uno, varios o todos los ítems en las líneas del programa',
        description: 'Un cambio auditado, todo o nada, solo en un borrador; cada línea cambiada avanza su versión.',
        params: idParamsSchema,
        body: acceptSuggestionsSchema,
        response: { status: 200, description: 'Las líneas cambiadas' },
      },
      handler: async (req, res) => {
        res.json(await acceptSuggestions(db, contextOf(res), clock(), programmeId(req.params), req.body));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/abc',
      doc: {
        summary: 'Análisis ABC por valor del programa (cortes configurables; filtro por clase y VEN)',
        params: idParamsSchema,
        query: abcQuerySchema,
        response: { status: 200, description: 'Las clases con sus montos y una página de ítems ordenados por monto, empates por código' },
      },
      handler: async (req, res) => {
        res.json(await programmeAbc(db, programmeId(req.params), parseRequest(abcQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/abc-ven',
      doc: {
        summary: 'Matriz ABC × VEN del programa, con categorías configurables',
        params: idParamsSchema,
        query: abcVenQuerySchema,
        response: { status: 200, description: 'Ítems, monto y participación por celda y por categoría' },
      },
      handler: async (req, res) => {
        res.json(await programmeAbcVen(db, programmeId(req.params), parseRequest(abcVenQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/indicators',
      doc: {
        summary: 'Indicadores del programa: gasto por asegurado, participación de la subasta inversa, ítems en riesgo y cobertura del petitorio centralizado',
        params: idParamsSchema,
        response: { status: 200, description: 'Los indicadores' },
      },
      handler: async (req, res) => {
        res.json(await programmeIndicators(db, clock(), programmeId(req.params)));
      },
    },
  ];
}
