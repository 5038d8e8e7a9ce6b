import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { z, ZodError } from 'zod';
import { InputRefusal } from './safe-strings.js';
import { domainErrorCodes, domainMessage, isDomainError, userMessage, type DomainErrorCode, type Locale } from '@bianzhi/domain/errors';

const zodLocales = { 'zh-CN': z.locales.zhCN(), en: z.locales.en() };

/** Field path → message in the caller's language. */
export type FieldErrors = Record<string, string>;

export function localizeZodError(error: ZodError, locale: Locale): FieldErrors {
  const fieldErrors: FieldErrors = {};
  const { localeError } = zodLocales[locale];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    if (fieldErrors[path]) continue;
    // A custom issue may carry its own words in both languages (params.bilingual); zod's locales only know the built-in ones.
    const own = issue.code === 'custom' ? (issue.params as { bilingual?: Record<Locale, string> } | undefined)?.bilingual?.[locale] : undefined;
    const localized = own ?? localeError(issue as never);
    fieldErrors[path] = typeof localized === 'string' ? localized : (localized?.message ?? issue.message);
  }
  return fieldErrors;
}

const transportToDomain: Partial<Record<TRPC_ERROR_CODE_KEY, DomainErrorCode>> = {
  BAD_REQUEST: 'VALIDATION_FAILED',
  PARSE_ERROR: 'VALIDATION_FAILED',
  UNAUTHORIZED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'DEPENDENCY_UNAVAILABLE',
};

export interface ErrorData {
  /** Stable machine-readable reason, e.g. JURISDICTION_CODE_TAKEN. */
  domainCode: DomainErrorCode;
  fieldErrors: FieldErrors | null;
  requestId: string | null;
  /** Each broken rule or bad import cell, localized: which rule (ruleId) or where (row, column). */
  problems: Problem[] | null;
}

export interface Problem {
  ruleId?: string;
  row?: number;
  column?: string;
  message: string;
}

type StoredProblem = Omit<Problem, 'message'> & { message: Record<Locale, string> };

function localizeProblems(detail: Record<string, unknown> | undefined, locale: Locale): Problem[] | null {
  const problems = detail?.['problems'];
  if (!Array.isArray(problems)) return null;
  // A problem whose message is not in both languages is the service's mistake: show what there is, and never turn a refusal into a 500.
  return (problems as StoredProblem[]).map((problem) => {
    const message: unknown = problem?.message;
    const text = typeof message === 'string' ? message : typeof message === 'object' && message !== null ? ((message as Record<Locale, unknown>)[locale] ?? (message as Record<Locale, unknown>)['zh-CN']) : undefined;
    return { ...problem, message: typeof text === 'string' ? text : String(text ?? '') };
  });
}

/** The one place that decides what a client learns about a failure: a code, a localized text, never a stack. */
export function describeError(error: TRPCError, locale: Locale): { message: string; data: ErrorData } {
  const cause = error.cause;
  if (isDomainError(cause)) {
    return { message: userMessage(cause, locale), data: { domainCode: cause.code, fieldErrors: null, requestId: null, problems: localizeProblems(cause.detail, locale) } };
  }
  const zodError = cause instanceof ZodError ? cause : cause instanceof InputRefusal ? cause.zodError : null;
  if (zodError) {
    return {
      message: domainMessage('VALIDATION_FAILED', locale),
      data: { domainCode: 'VALIDATION_FAILED', fieldErrors: localizeZodError(zodError, locale), requestId: null, problems: null },
    };
  }
  const domainCode = transportToDomain[error.code] ?? 'INTERNAL';
  return { message: domainMessage(domainCode, locale), data: { domainCode, fieldErrors: null, requestId: null, problems: null } };
}

/** Turns a DomainError thrown by service code into the TRPCError with the matching transport code. */
export function toTRPCError(error: unknown): TRPCError | null {
  if (isDomainError(error)) return new TRPCError({ code: domainErrorCodes[error.code], message: error.message, cause: error });
  return null;
}
