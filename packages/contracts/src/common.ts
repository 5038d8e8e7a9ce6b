import { z } from 'zod';

export const uuid = z.uuid();
/** Client-chosen key that makes a command safe to retry. */
export const idempotencyKey = z.string().trim().min(8).max(200);
export const personName = z.string().trim().min(1).max(100);

export const pageInput = z.object({
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});

/**
 * Free text a person types (titles, reasons, comments): trimmed, within its length, and without
 * control characters, which PostgreSQL refuses in text (NUL) and nobody means to type; line breaks
 * and tabs stay.
 */
export const plainText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    // eslint-disable-next-line no-control-regex
    .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), { message: 'contains control characters' });

/** A calendar day (YYYY-MM-DD) between 1900 and 2200: PostgreSQL refuses year 0, and no document of the bureau is dated outside. */
export const isoDay = z.iso.date().refine((d) => d >= '1900-01-01' && d <= '2200-12-31', { message: 'a day between 1900 and 2200' });
