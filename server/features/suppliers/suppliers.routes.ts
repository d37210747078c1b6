import type { Kysely } from 'kysely';
import { idParamsSchema } from '../../../shared/api-schemas.ts';
import { pageQuerySchema, supplierCreateSchema, suppliersQuerySchema } from '../../../shared/procurement-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { contextOf } from '../../platform/http/request-context.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { createSupplier, getSupplier, listSuppliers } from './suppliers.service.ts';

export function suppliersRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/suppliers',
      doc: { summary: 'Proveedores, por nombre o RUC, con lo adjudicado', query: suppliersQuerySchema, response: { status: 200, description: 'Una página de proveedores, por nombre, y el total' } },
      handler: async (req, res) => {
        res.json(await listSuppliers(db, parseRequest(suppliersQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'post',
      path: '/api/suppliers',
      doc: { summary: 'Registrar un proveedor por su RUC', description: 'El RUC tiene 11 dígitos y el dígito verificador de SUNAT; no se repite.', body: supplierCreateSchema, response: { status: 201, description: 'El proveedor registrado' } },
      handler: async (req, res) => {
        res.status(201).json(await createSupplier(db, contextOf(res), clock(), req.body));
      },
    },
    {
      method: 'get',
      path: '/api/suppliers/:id',
      doc: { summary: 'Un proveedor y lo que se le adjudicó, proceso por proceso', params: idParamsSchema, query: pageQuerySchema, response: { status: 200, description: 'El proveedor, su total adjudicado y una página de sus adjudicaciones' } },
      handler: async (req, res) => {
        const { id } = parseRequest(idParamsSchema, req.params, 'path');
        res.json(await getSupplier(db, id, parseRequest(pageQuerySchema, req.query, 'query')));
      },
    },
  ];
}
