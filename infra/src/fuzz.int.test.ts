import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError, type AnyProcedure, type AnyRouter } from '@trpc/server';
import pino from 'pino';
import type { Principal } from '@bianzhi/domain/access';
import { createCallerFactory } from '@bianzhi/trpc/init';
import { inputSchemaOf } from '@bianzhi/trpc/rest';
import { inProcessServices, UNREACHABLE_MARKERS, type InProcessServices } from './lib/in-process-services.js';

/**
 * Any input, no 5xx (issue 20): every procedure of every service, called with at least 30 malformed
 * inputs — wrong types, huge strings, deep nesting, NUL, unpaired surrogates, negative and
 * non-finite numbers, extra keys, each field of a plausible input spoiled in turn — as a city
 * administrator and anonymously. A user's mistake must come back as a 4xx with a reason, never as
 * an internal error; the database must still answer afterwards.
 */
type Schema = Record<string, unknown>;

function sample(schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 8) return undefined;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union) return sample(union.find((s) => s.type !== 'null') ?? union[0], depth + 1);
  if (Array.isArray(schema.allOf)) return Object.assign({}, ...(schema.allOf as Schema[]).map((s) => sample(s, depth + 1)));
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
        const value = sample(field, depth + 1);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    case 'array':
      return Array.from({ length: Number(schema.minItems ?? 0) }, () => sample(schema.items as Schema, depth + 1));
    case 'string': {
      if (schema.format === 'uuid') return randomUUID();
      const pattern = String(schema.pattern ?? '');
      if (pattern.includes('\\d{4}-\\d{2}-\\d{2}') || schema.format === 'date') return '2026-06-30';
      if (schema.format === 'date-time') return '2026-06-30T00:00:00.000Z';
      if (pattern.includes('\\d{4}-(0[1-9]|1[0-2])') || pattern.includes('\\d{4}-\\d{2}$')) return '2026-06';
      if (pattern.includes('\\d{6}')) return '440105';
      return 'x'.repeat(Math.max(1, Number(schema.minLength ?? 1)));
    }
    case 'integer':
    case 'number':
      return Math.max(1, Number(schema.minimum ?? 1));
    case 'boolean':
      return true;
    default:
      return undefined;
  }
}

/** Paths to the leaves of a value that are strings or numbers. */
function leaves(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; kind: 'string' | 'number' }[] {
  if (typeof value === 'string') return [{ path, kind: 'string' }];
  if (typeof value === 'number') return [{ path, kind: 'number' }];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [];
}

function withLeaf(value: unknown, path: (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const copy = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const [head, ...rest] = path;
  (copy as Record<string | number, unknown>)[head!] = withLeaf((value as Record<string | number, unknown>)[head!], rest, leaf);
  return copy;
}

let deep: unknown = 'bottom';
for (let i = 0; i < 200; i++) deep = { d: deep };
const huge = 'x'.repeat(1_000_000);

const generic: [string, unknown][] = [
  ['undefined', undefined], ['null', null], ['true', true], ['zero', 0], ['minus one', -1], ['NaN', Number.NaN], ['Infinity', Number.POSITIVE_INFINITY],
  ['a string', 'x'], ['NUL', '\u0000'], ['empty string', ''], ['a megabyte', huge], ['empty array', []], ['array of null', [null]],
  ['ten thousand nulls', new Array(10_000).fill(null)], ['empty object', {}], ['nested 200 deep', deep], ['a NUL key', { '\u0000': 1 }],
  ['a lone surrogate', '\ud800'], ['prototype keys', JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{}}}')],
];
const spoilString: [string, unknown][] = [['NUL', 'a\u0000b'], ['lone surrogate', 'a\udc00'], ['a megabyte', huge], ['a number', 12345], ['null', null], ['an object', { $ne: 1 }]];
const spoilNumber: [string, unknown][] = [['negative', -1], ['NaN', Number.NaN], ['Infinity', Number.NEGATIVE_INFINITY], ['2^53+1', 2 ** 53 + 1], ['1e308', 1e308], ['-0', -0], ['a string', '1'], ['a fraction', 0.5]];

/** At least 30 malformed inputs for one procedure, from its input schema. */
function malformedInputs(procedure: AnyProcedure): [string, unknown][] {
  const plausible = sample(inputSchemaOf(procedure) ?? undefined);
  const cases: [string, unknown][] = [...generic];
  if (plausible && typeof plausible === 'object' && !Array.isArray(plausible)) cases.push(['an extra key', { ...plausible, extra: '\u0000' }]);
  const fields = leaves(plausible);
  for (const field of fields.filter((f) => f.kind === 'string').slice(0, 6)) for (const [label, value] of spoilString) cases.push([`${field.path.join('.')}: ${label}`, withLeaf(plausible, field.path, value)]);
  for (const field of fields.filter((f) => f.kind === 'number').slice(0, 4)) for (const [label, value] of spoilNumber) cases.push([`${field.path.join('.')}: ${label}`, withLeaf(plausible, field.path, value)]);
  let filler = 0;
  while (cases.length < 30) cases.push([`plausible input, spoiled ${++filler}`, withLeaf(plausible ?? {}, [`x${filler}`], huge)]);
  return cases;
}

let services: InProcessServices;
beforeAll(async () => {
  services = await inProcessServices('fuzz');
});
afterAll(async () => services?.testDb.drop());

const log = pino({ level: 'silent' });
const ofHarness = (error: unknown): boolean => {
  const text = `${String((error as Error)?.message)} ${String(((error as TRPCError)?.cause as Error | undefined)?.message)} ${String((((error as TRPCError)?.cause as { cause?: Error } | undefined)?.cause)?.message)}`;
  return UNREACHABLE_MARKERS.some((marker) => text.includes(marker));
};

describe('any input, no 5xx', () => {
  it('answers every procedure’s malformed inputs with a refusal, never an internal error', async () => {
    const admin: Principal = { kind: 'user', id: randomUUID(), name: '模糊测试', roles: ['city_admin'], jurisdictionId: services.cityId, organizationId: null };
    const internal: string[] = [];
    let calls = 0;
    for (const router of Object.values(services.routers)) {
      for (const [path, procedure] of Object.entries(router._def.procedures as Record<string, AnyProcedure>)) {
        const inputs = malformedInputs(procedure);
        expect(inputs.length, path).toBeGreaterThanOrEqual(30);
        for (const principal of [admin, null]) {
          const caller = createCallerFactory(router as AnyRouter)({ principal, locale: 'zh-CN', requestId: 'fuzz', log });
          const call = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
          for (const [label, input] of inputs) {
            calls += 1;
            try {
              await call(input);
            } catch (error) {
              const code = error instanceof TRPCError ? error.code : 'INTERNAL_SERVER_ERROR';
              if (code === 'INTERNAL_SERVER_ERROR' && !ofHarness(error)) {
                internal.push(`${path} as ${principal ? 'admin' : 'anonymous'} with ${label}: ${String((error as TRPCError).cause?.message ?? (error as Error).message).slice(0, 160)}`);
              }
            }
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(10_000);
    expect(internal).toEqual([]);
    // Still healthy: the database answers and a plain read works.
    const caller = createCallerFactory(services.routers.registry!)({ principal: admin, locale: 'zh-CN', requestId: 'fuzz', log }) as unknown as { registry: { jurisdiction: { list: (input: unknown) => Promise<unknown[]> } } };
    expect((await caller.registry.jurisdiction.list({})).length).toBeGreaterThan(0);
  }, 600_000);
});
