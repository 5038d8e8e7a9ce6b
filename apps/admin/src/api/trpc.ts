import { createTRPCContext } from '@trpc/tanstack-react-query';
import { TRPCClientError } from '@trpc/client';
import { createBianzhiClient, type BianzhiRouter } from '@bianzhi/client';
import { currentLanguage } from '../i18n/index.js';

export const { TRPCProvider, useTRPC } = createTRPCContext<BianzhiRouter>();

/** Same-origin client: the session cookie authenticates, the language picks the error language. */
export const trpcClient = createBianzhiClient({ url: '', locale: currentLanguage });

export interface ServerError {
  message: string;
  domainCode: string | null;
  fieldErrors: Record<string, string>;
  status: number | null;
  /** Each broken policy rule (ruleId) or bad import cell, already in the user's language. */
  problems: { ruleId?: string; message: string }[];
}

/** What the UI shows for a failed call: the server's localized message and field errors. */
export function describeServerError(error: unknown, networkMessage: string): ServerError {
  if (error instanceof TRPCClientError) {
    const data = error.data as { domainCode?: string; fieldErrors?: Record<string, string> | null; httpStatus?: number; problems?: ServerError['problems'] | null } | undefined;
    if (!data) return { message: networkMessage, domainCode: null, fieldErrors: {}, status: null, problems: [] };
    return { message: error.message, domainCode: data.domainCode ?? null, fieldErrors: data.fieldErrors ?? {}, status: data.httpStatus ?? null, problems: data.problems ?? [] };
  }
  return { message: networkMessage, domainCode: null, fieldErrors: {}, status: null, problems: [] };
}
