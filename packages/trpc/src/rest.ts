import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AnyProcedure, AnyRouter } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { getErrorShape, getHTTPStatusCode, getProcedureAtPath, getTRPCErrorFromUnknown } from '@trpc/server/unstable-core-do-not-import';
import { z } from 'zod';
import { permissions, type Permission } from '@bianzhi/domain/access';
import type { ProcedureMeta } from './init.js';

/**
 * Plain REST over the same procedures (docs/integration.md, "The HTTP API"): for systems not written
 * in TypeScript. `GET /api/v1/<service>/<router>/<procedure>?field=value` for queries (or POST with a
 * JSON body when the input is large), `POST` with a JSON body for mutations; the answer is the
 * procedure's result as plain JSON, an error is RFC 9457 problem JSON. The procedure runs through
 * tRPC as ever (middlewares, permission, input validation, the error formatter): REST only changes
 * how input arrives and how the answer is written.
 */
export const REST_PREFIX = '/api/v1';

type JsonSchema = Record<string, unknown>;

/** What REST offers: every procedure a service account (role `service`) may call; nothing platform-only. */
export function offeredAsRest(meta: ProcedureMeta | undefined): boolean {
  const permission = meta?.permission as Permission | undefined;
  return permission !== undefined && (permissions[permission] as readonly string[]).includes('service');
}

export function restPathOf(procedurePath: string): string {
  return `${REST_PREFIX}/${procedurePath.split('.').join('/')}`;
}

/** `registry/organization/list` → `registry.organization.list`, or null when it is not a procedure path. */
export function procedurePathOf(restPath: string): string | null {
  const segments = restPath.split('/').filter(Boolean);
  if (segments.length < 2 || segments.length > 6 || !segments.every((s) => /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(s))) return null;
  return segments.join('.');
}

const inputSchemas = new WeakMap<AnyProcedure, JsonSchema | null>();

/** The JSON Schema (2020-12, the dialect of OpenAPI 3.1) of what a procedure accepts, from its zod input. */
export function inputSchemaOf(procedure: AnyProcedure): JsonSchema | null {
  if (inputSchemas.has(procedure)) return inputSchemas.get(procedure)!;
  const inputs = (procedure._def.inputs ?? []) as unknown as z.ZodType[];
  const toJson = (input: z.ZodType): JsonSchema => {
    try {
      const { $schema: _dialect, ...rest } = z.toJSONSchema(input, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
      return rest;
    } catch {
      return {}; // not expressible in JSON Schema: documented as "any JSON", still validated by the procedure
    }
  };
  const schema: JsonSchema | null = inputs.length === 0 ? null : inputs.length === 1 ? toJson(inputs[0]!) : { allOf: inputs.map(toJson) };
  inputSchemas.set(procedure, schema);
  return schema;
}

/** True when a schema admits strings only: its query value is taken as written, never parsed as JSON. */
function onlyStrings(schema: JsonSchema | undefined): boolean {
  if (!schema) return false;
  if (schema.type === 'string') return true;
  if (Array.isArray(schema.enum)) return schema.enum.every((v) => typeof v === 'string');
  if (typeof schema.const === 'string') return true;
  return false;
}

function fromQueryValue(value: string, schema: JsonSchema | undefined): unknown {
  if (onlyStrings(schema)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value; // left to the procedure's validation, which names the field
  }
}

/**
 * A query's input from its URL: each top-level field of the input is one parameter; numbers, booleans,
 * null and objects are read as JSON, strings as written, a repeated parameter (or one) as an array.
 */
export function inputFromQuery(query: Record<string, string | string[] | undefined>, schema: JsonSchema | null): unknown {
  const entries = Object.entries(query).filter(([, v]) => v !== undefined) as [string, string | string[]][];
  if (entries.length === 0) return undefined;
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const input: Record<string, unknown> = {};
  for (const [key, raw] of entries) {
    const field = properties[key];
    if (field?.type === 'array') {
      const items = field.items as JsonSchema | undefined;
      input[key] = (Array.isArray(raw) ? raw : [raw]).map((v) => fromQueryValue(v, items));
    } else {
      input[key] = fromQueryValue(Array.isArray(raw) ? raw[raw.length - 1]! : raw, field);
    }
  }
  return input;
}

/** An RFC 9457 problem answer; the gateway's REST refusals use it too. */
export function problem(reply: FastifyReply, status: number, body: Record<string, unknown>) {
  return reply.code(status).header('content-type', 'application/problem+json; charset=utf-8').send(JSON.stringify({ type: `urn:bianzhi:error:${String(body.code ?? 'INTERNAL')}`, status, ...body }));
}

/**
 * Answers `/rest/<procedure path>` inside a service (the gateway maps `/api/v1/...` here). Refuses
 * a path that is not offered as REST with 404, a mutation by GET with 405; otherwise calls the
 * procedure with the caller's context.
 */
export async function answerRestCall<TContext>(
  router: AnyRouter,
  path: string,
  request: FastifyRequest,
  reply: FastifyReply,
  createContext: (request: FastifyRequest) => Promise<TContext>,
): Promise<FastifyReply> {
  const procedure = (await getProcedureAtPath(router, path)) as AnyProcedure | null;
  if (!procedure || procedure._def.type === 'subscription' || !offeredAsRest(procedure._def.meta as ProcedureMeta | undefined)) {
    return problem(reply, 404, { code: 'NOT_FOUND', title: 'No such operation', detail: `${path} is not offered over REST; see /api/openapi.json`, requestId: request.id });
  }
  const type = procedure._def.type;
  if (request.method !== 'GET' && request.method !== 'POST') return problem(reply, 405, { code: 'METHOD_NOT_ALLOWED', title: 'Method not allowed', requestId: request.id });
  if (type === 'mutation' && request.method !== 'POST') {
    return problem(reply.header('allow', 'POST'), 405, { code: 'METHOD_NOT_ALLOWED', title: 'Use POST with a JSON body for this operation', requestId: request.id });
  }
  let input: unknown;
  if (request.method === 'GET') input = inputFromQuery(request.query as Record<string, string | string[] | undefined>, inputSchemaOf(procedure));
  else {
    const body = request.body;
    try {
      input = typeof body === 'string' ? (body === '' ? undefined : JSON.parse(body)) : (body ?? undefined);
    } catch {
      return problem(reply, 400, { code: 'VALIDATION_FAILED', title: 'The body is not JSON', requestId: request.id });
    }
  }
  const ctx = await createContext(request);
  const config = router._def._config;
  try {
    const data = await procedure({ path, getRawInput: async () => input, ctx, type, signal: undefined, batchIndex: 0 });
    if (data instanceof ReadableStream || (typeof data === 'object' && data !== null && Symbol.asyncIterator in data)) {
      throw new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'streamed answers are not offered over REST' });
    }
    return reply.code(200).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(data ?? null));
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    const shape = getErrorShape({ config, ctx, error, input, path, type }) as { message: string; data?: Record<string, unknown> };
    const status = getHTTPStatusCode({ error: shape as never }, [error]);
    const data = shape.data ?? {};
    return problem(reply, status, {
      code: data.domainCode ?? data.code,
      title: shape.message,
      detail: shape.message,
      fieldErrors: data.fieldErrors ?? null,
      problems: data.problems ?? null,
      requestId: data.requestId ?? request.id,
    });
  }
}

type PathItem = Record<string, Record<string, unknown>>;

/** A query's parameters: one per top-level field; structured fields travel as JSON text. */
function queryParameters(schema: JsonSchema | null): Record<string, unknown>[] {
  if (!schema || schema.type !== 'object' || typeof schema.properties !== 'object') return [];
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(schema.properties as Record<string, JsonSchema>).map(([name, field]) => {
    const simple = onlyStrings(field) || ['integer', 'number', 'boolean'].includes(String(field.type)) || (field.type === 'array' && (onlyStrings(field.items as JsonSchema) || ['integer', 'number'].includes(String((field.items as JsonSchema | undefined)?.type))));
    const base = { name, in: 'query', required: required.has(name) && field.default === undefined, ...(typeof field.description === 'string' ? { description: field.description } : {}) };
    return simple ? { ...base, schema: field, ...(field.type === 'array' ? { style: 'form', explode: true } : {}) } : { ...base, content: { 'application/json': { schema: field } } };
  });
}

/** Every REST operation a router offers, as OpenAPI 3.1 path items (the gateway merges the services'). */
export function openApiPaths(router: AnyRouter): Record<string, PathItem> {
  const procedures = router._def.procedures as Record<string, AnyProcedure>;
  const paths: Record<string, PathItem> = {};
  for (const [path, procedure] of Object.entries(procedures).sort(([a], [b]) => a.localeCompare(b))) {
    const meta = procedure._def.meta as ProcedureMeta | undefined;
    if (procedure._def.type === 'subscription' || !offeredAsRest(meta)) continue;
    const schema = inputSchemaOf(procedure);
    const segments = path.split('.');
    const common = {
      operationId: path,
      summary: path,
      tags: [segments.slice(0, 2).join('.')],
      'x-bianzhi-permission': meta!.permission,
      responses: {
        '200': { description: 'The result, as JSON (times as ISO 8601 strings).', content: { 'application/json': { schema: {} } } },
        '400': { $ref: '#/components/responses/Problem' },
        '401': { $ref: '#/components/responses/Problem' },
        '403': { $ref: '#/components/responses/Problem' },
        '404': { $ref: '#/components/responses/Problem' },
        '409': { $ref: '#/components/responses/Problem' },
      },
    };
    paths[restPathOf(path)] =
      procedure._def.type === 'query'
        ? { get: { ...common, parameters: queryParameters(schema) } }
        : { post: { ...common, ...(schema ? { requestBody: { required: true, content: { 'application/json': { schema } } } } : {}) } };
  }
  return paths;
}

/** The whole document: the services' paths, the token scheme and the problem answer. */
export function openApiDocument(paths: Record<string, PathItem>, version: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: '编制管理平台 API (Bianzhi)',
      version,
      description:
        'Every operation a service account may call, generated from the procedures\' own zod input schemas. Authenticate with `Authorization: Bearer <API token>` (系统管理 → 账号 → API 令牌). Answers are scoped to the account\'s jurisdiction; errors are RFC 9457 problem JSON with a stable `code` and a message in the language of `Accept-Language` (zh-CN default, en).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ apiToken: [] }],
    paths,
    components: {
      securitySchemes: { apiToken: { type: 'http', scheme: 'bearer', description: 'A service account\'s API token (bzt_…).' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'status', 'code', 'title'],
          properties: {
            type: { type: 'string', description: 'urn:bianzhi:error:<code>' },
            status: { type: 'integer' },
            code: { type: 'string', description: 'The stable error code (docs/integration.md lists them).' },
            title: { type: 'string', description: 'What went wrong, in the caller\'s language.' },
            detail: { type: 'string' },
            fieldErrors: { type: ['object', 'null'], additionalProperties: { type: 'string' }, description: 'Per input field, what is wrong with it.' },
            problems: { description: 'The rule that refused the call and what it found, when one did.' },
            requestId: { type: 'string' },
          },
        },
      },
      responses: { Problem: { description: 'Refused or failed (RFC 9457).', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } } },
    },
  };
}
