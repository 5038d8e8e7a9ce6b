import type { Connection } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { reformSearchAttributes } from '../workflows/search-attributes.js';

/**
 * Registers the project list's search attributes in the namespace when they are missing (a new
 * dev server, a new external cluster). Safe to call on every start.
 */
export async function ensureSearchAttributes(connection: Connection | NativeConnection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = reformSearchAttributes.filter((key) => !known.has(key.name));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!])),
  });
}
