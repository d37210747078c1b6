// The API reference: the server's OpenAPI document (/api/openapi.json) read in Spanish, one
// section per part of the app, each operation with who may call it, its parameters, its body and
// its answers. Made from the same zod schemas the server parses requests with.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { SearchBox } from '../../platform/components/search-box.tsx';
import { apiQuery } from '../../platform/api/query-client.ts';
import { fold } from '../../../../shared/import-columns.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import './api-reference.css';

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

interface Operation {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: JsonSchema }> }>;
}

interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const documentQuery = apiQuery<OpenApiDocument>(['openapi'], '/openapi.json', { kind: 'reference' });

export function ApiReferencePage() {
  useDocumentTitle('Referencia de la API');
  const document = useQuery(documentQuery);
  const [search, setSearch] = useState('');
  const needle = fold(search.trim());

  const operations = Object.entries(document.data?.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
  const shown = operations.filter(
    ({ path, method, operation }) => !needle || fold(`${method} ${path} ${operation.summary}`).includes(needle),
  );

  return (
    <section className="page" aria-labelledby="api-reference-title">
      <header className="page__header">
        <h1 id="api-reference-title" className="page__title">
          Referencia de la API
        </h1>
        <p className="page__lead">
          {document.data?.info.description ??
            'Las operaciones que ofrece el servidor, con quién puede usarlas, qué reciben y qué responden.'}{' '}
          <a href="/api/openapi.json">Documento OpenAPI 3.1 (JSON)</a>
        </p>
      </header>
      <QueryErrorAlert query={document} context="la referencia de la API" />
      {!document.data && !document.error ? <LoadingState label="Cargando la referencia…" rows={6} /> : null}
      {document.data ? (
        <>
          <div className="filters">
            <SearchBox label="Buscar operación" placeholder="Ruta, método o descripción" value={search} onSearch={setSearch} testId="api-search" />
            <p className="muted" data-testid="api-operation-count">
              {shown.length} de {operations.length} operaciones
            </p>
          </div>
          {document.data.tags.map(({ name }) => {
            const inTag = shown.filter(({ operation }) => operation.tags.includes(name));
            if (inTag.length === 0) return null;
            return (
              <section key={name} className="panel api-tag" aria-label={name}>
                <h2 className="panel__title">{name}</h2>
                {inTag.map(({ path, method, operation }) => (
                  <OperationView key={operation.operationId} path={path} method={method} operation={operation} schemas={document.data.components?.schemas ?? {}} />
                ))}
              </section>
            );
          })}
        </>
      ) : null}
    </section>
  );
}

function OperationView({ path, method, operation, schemas }: { path: string; method: string; operation: Operation; schemas: Record<string, JsonSchema> }) {
  const body = operation.requestBody && Object.entries(operation.requestBody.content)[0];
  return (
    <details className="api-operation" data-testid="api-operation">
      <summary className="api-operation__summary">
        <span className={`api-method api-method--${method}`}>{method.toUpperCase()}</span>
        <code className="api-operation__path">{path}</code>
        <span className="api-operation__title">{operation.summary}</span>
      </summary>
      <div className="api-operation__body">
        {operation.description?.split('\n\n').map((paragraph) => (
          <p key={paragraph}>{paragraph}</p>
        ))}
        {operation.parameters?.length ? (
          <>
            <h3 className="api-operation__heading">Parámetros</h3>
            <FieldsTable
              rows={operation.parameters.map((parameter) => ({
                name: parameter.name,
                where: parameter.in === 'path' ? 'ruta' : 'consulta',
                required: Boolean(parameter.required),
                schema: resolve(parameter.schema, schemas),
              }))}
            />
          </>
        ) : null}
        {body ? (
          <>
            <h3 className="api-operation__heading">
              Cuerpo <code>{body[0]}</code>
            </h3>
            <SchemaFields schema={resolve(body[1].schema ?? {}, schemas)} schemas={schemas} where="cuerpo" />
          </>
        ) : null}
        <h3 className="api-operation__heading">Respuestas</h3>
        <ul className="api-responses">
          {Object.entries(operation.responses).map(([status, response]) => (
            <li key={status}>
              <strong>{status}</strong> {response.description}
              {response.content ? <span className="muted"> ({Object.keys(response.content).join(', ')})</span> : null}
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}

function SchemaFields({ schema, schemas, where }: { schema: JsonSchema; schemas: Record<string, JsonSchema>; where: string }) {
  if (!schema.properties) return <p className="muted">{describe(schema)}</p>;
  const required = new Set(schema.required ?? []);
  return (
    <FieldsTable
      rows={Object.entries(schema.properties).map(([name, property]) => ({ name, where, required: required.has(name), schema: resolve(property, schemas) }))}
    />
  );
}

function FieldsTable({ rows }: { rows: { name: string; where: string; required: boolean; schema: JsonSchema }[] }) {
  return (
    <table className="data-table api-fields">
      <thead>
        <tr>
          <th scope="col">Campo</th>
          <th scope="col">En</th>
          <th scope="col">Obligatorio</th>
          <th scope="col">Valor</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.where}-${row.name}`}>
            <th scope="row">
              <code>{row.name}</code>
            </th>
            <td>{row.where}</td>
            <td>{row.required ? 'Sí' : 'No'}</td>
            <td>{describe(row.schema)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function resolve(schema: JsonSchema, schemas: Record<string, JsonSchema>): JsonSchema {
  const name = schema.$ref?.split('/').at(-1);
  return name && schemas[name] ? schemas[name] : schema;
}

const typeLabels: Record<string, string> = {
  string: 'texto',
  integer: 'entero',
  number: 'número',
  boolean: 'sí/no',
  array: 'lista',
  object: 'objeto',
  null: 'nulo',
};

/** "entero de 1 a 2147483647; por omisión 1" — a schema in one line a person can read. */
export function describe(schema: JsonSchema): string {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.map(describe).join(' o ');
  if (schema.allOf) return schema.allOf.map(describe).join(' y ');
  const parts: string[] = [];
  if (schema.format === 'binary') return ['archivo', schema.description].filter(Boolean).join(': ');
  if (schema.enum) parts.push(`uno de: ${schema.enum.map((value) => JSON.stringify(value)).join(', ')}`);
  else if (schema.const !== undefined) parts.push(JSON.stringify(schema.const));
  else {
    const types = [schema.type ?? 'cualquier valor'].flat();
    parts.push(types.map((type) => typeLabels[type] ?? type).join(' o '));
  }
  // The bounds read as part of the type: "entero de 1 a 100", "texto hasta 200 caracteres".
  if (schema.minimum !== undefined || schema.maximum !== undefined) parts[0] += ` ${range(schema.minimum, schema.maximum, '')}`;
  if (schema.minLength !== undefined || schema.maxLength !== undefined) parts[0] += ` ${range(schema.minLength, schema.maxLength, ' caracteres')}`;
  if (schema.minItems !== undefined || schema.maxItems !== undefined) parts[0] += ` ${range(schema.minItems, schema.maxItems, ' elementos')}`;
  if (schema.format) parts.push(`formato ${schema.format}`);
  if (schema.pattern) parts.push(`patrón ${schema.pattern}`);
  if (schema.items) parts.push(`de ${describe(schema.items)}`);
  if (schema.default !== undefined) parts.push(`por omisión ${JSON.stringify(schema.default)}`);
  if (schema.description) parts.push(schema.description);
  return parts.join('; ');
}

function range(min: number | undefined, max: number | undefined, unit: string): string {
  if (min !== undefined && max !== undefined) return `de ${min} a ${max}${unit}`;
  return min !== undefined ? `desde ${min}${unit}` : `hasta ${max}${unit}`;
}
