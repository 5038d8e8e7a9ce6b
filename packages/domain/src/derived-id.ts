import { createHash, createHmac } from 'node:crypto';

/**
 * A uuid derived from a name (an expiry of a pending transfer, a reform project's execution step):
 * the same name always gives the same id, so whatever is keyed by it happens once. Server-side only.
 */
export function derivedUuid(name: string): string {
  return asUuid(createHash('sha256').update(name).digest('hex'));
}

/**
 * A uuid derived from a name and a server secret: the same as `derivedUuid`, except that nobody who
 * knows the name but not the key can take the id first (a client creating a transfer under the id a
 * matter's effect will use, to make it fail).
 */
export function keyedUuid(key: string, name: string): string {
  return asUuid(createHmac('sha256', key).update(name).digest('hex'));
}

const asUuid = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
