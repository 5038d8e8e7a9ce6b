import { z } from 'zod';

export const uuid = z.uuid();
/** Client-chosen key that makes a command safe to retry. */
export const idempotencyKey = z.string().trim().min(8).max(200);
export const personName = z.string().trim().min(1).max(100);

export const pageInput = z.object({
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});
