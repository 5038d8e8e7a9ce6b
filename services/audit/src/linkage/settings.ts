import { randomBytes } from 'node:crypto';
import type { RetrySchedule } from '@bianzhi/domain/linkage';
import type { AuditEnv } from '../env.js';
import { secretBox, type SecretBox } from './secret-box.js';

export interface LinkageSettings {
  box: SecretBox;
  allowLocal: boolean;
}

/** The audit service's linkage settings from its environment (docs/integration.md, "Settings"). */
export function linkageSettings(env: AuditEnv): LinkageSettings & { schedule: RetrySchedule; pollMs: number } {
  return {
    box: secretBox(env.LINKAGE_SECRET_KEY),
    allowLocal: env.LINKAGE_ALLOW_LOCAL_TARGETS,
    schedule: { baseMs: env.LINKAGE_RETRY_BASE_MS, maxMs: env.LINKAGE_RETRY_MAX_MS, windowMs: env.LINKAGE_RETRY_WINDOW_MS },
    pollMs: env.LINKAGE_POLL_MS,
  };
}

/** A key that lives as long as the process: for routers in tests that register but deliver nothing. */
export const ephemeralLinkage = (): LinkageSettings => ({ box: secretBox(randomBytes(32).toString('hex')), allowLocal: false });
