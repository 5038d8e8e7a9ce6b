import { createHash } from 'node:crypto';

/**
 * A uuid derived from a name (an expiry of a pending transfer, a reform project's execution step):
 * the same name always gives the same id, so whatever is keyed by it happens once. Server-side only.
 */
export function derivedUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
