import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import pino from 'pino';
import { createCallerFactory, publicProcedure, router } from './init.js';
import { describeError } from './error-formatter.js';
import { findUnsafeInput } from './safe-strings.js';

describe('strings PostgreSQL cannot store, and absurd nesting', () => {
  it('finds NUL and unpaired surrogates in values and keys, and lets proper pairs and ordinary text through', () => {
    expect(findUnsafeInput({ search: '海曙\u0000区' })).toEqual({ path: ['search'], tooDeep: false });
    expect(findUnsafeInput({ items: ['ok', 'bad\ud800'] })).toEqual({ path: ['items', 1], tooDeep: false });
    expect(findUnsafeInput({ a: '\udc00x' })).toEqual({ path: ['a'], tooDeep: false });
    expect(findUnsafeInput({ ['k\u0000']: 1 })).toEqual({ path: ['k\u0000'], tooDeep: false });
    expect(findUnsafeInput({ emoji: '编制 😀 \ud83d\ude00', cjkExt: '𠀀' })).toBeNull();
    expect(findUnsafeInput(undefined)).toBeNull();
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(findUnsafeInput(deep)?.tooDeep).toBe(true);
  });

  it('refuses such input before the procedure runs, as a field error in the caller’s language', async () => {
    let ran = false;
    const testRouter = router({ search: publicProcedure.input(z.object({ q: z.string().max(100) })).query(() => ((ran = true), 'ran')) });
    const call = (q: string) => createCallerFactory(testRouter)({ principal: null, locale: 'zh-CN', requestId: 't', log: pino({ level: 'silent' }) }).search({ q });
    expect(await call('正常')).toBe('ran');
    ran = false;
    const error = await call('a\u0000b').catch((e: unknown) => e);
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect(describeError(error as TRPCError, 'zh-CN').data).toMatchObject({ domainCode: 'VALIDATION_FAILED', fieldErrors: { q: expect.stringContaining('空字符') } });
    expect(describeError(error as TRPCError, 'en').data.fieldErrors).toEqual({ q: expect.stringContaining('NUL character') });
  });
});
