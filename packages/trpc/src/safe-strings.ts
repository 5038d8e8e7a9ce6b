import { ZodError } from 'zod';

/** NUL, or a UTF-16 surrogate: the only characters worth a closer look (rare, so one regex test first). */
const suspect = /[\u0000\ud800-\udfff]/;
const unsafe = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Deep enough for any input of ours; deeper nesting is refused as it stands. */
const MAX_DEPTH = 32;

export const unsafeStringMessage = {
  'zh-CN': '不能包含空字符（\\u0000）或不成对的 Unicode 代理字符',
  en: 'Must not contain a NUL character (\\u0000) or an unpaired Unicode surrogate',
};
export const tooDeepMessage = { 'zh-CN': `输入嵌套超过 ${MAX_DEPTH} 层`, en: `The input is nested more than ${MAX_DEPTH} levels deep` };

/**
 * Where an input holds a string PostgreSQL cannot store (NUL) or that is not Unicode (a lone
 * surrogate), in a value or a key, or nests deeper than any input of ours: the path, or null.
 */
export function findUnsafeInput(value: unknown, path: (string | number)[] = [], depth = 0): { path: (string | number)[]; tooDeep: boolean } | null {
  if (typeof value === 'string') return suspect.test(value) && unsafe.test(value) ? { path, tooDeep: false } : null;
  if (typeof value !== 'object' || value === null) return null;
  if (depth >= MAX_DEPTH) return { path, tooDeep: true };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeInput(value[i], [...path, i], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const key in value) {
    if (suspect.test(key) && unsafe.test(key)) return { path: [...path, key], tooDeep: false };
    const found = findUnsafeInput((value as Record<string, unknown>)[key], [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * A refusal of input found outside zod's parse, carrying the issue as zod would (zod 4's ZodError is
 * not an Error, and tRPC would wrap it beyond recognition): the error formatter reads `zodError`.
 */
export class InputRefusal extends Error {
  constructor(readonly zodError: ZodError) {
    super('input refused');
  }
}

/** The refusal as a validation error naming the field, with its message in both languages. */
export function unsafeInputError(found: { path: (string | number)[]; tooDeep: boolean }): InputRefusal {
  const message = found.tooDeep ? tooDeepMessage : unsafeStringMessage;
  return new InputRefusal(new ZodError([{ code: 'custom', path: found.path, message: message.en, input: undefined, params: { bilingual: message } }]));
}
