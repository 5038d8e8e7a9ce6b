import type { FastifyBaseLogger } from 'fastify';
import type { Locale } from '@bianzhi/domain/errors';
import type { Principal } from '@bianzhi/domain/access';

/** What every procedure knows about the call it serves. */
export interface RequestContext {
  principal: Principal | null;
  locale: Locale;
  requestId: string;
  log: FastifyBaseLogger;
  /** The browser session behind the call, when the gateway serves it itself (identity.*). */
  sessionId?: string | null;
}
