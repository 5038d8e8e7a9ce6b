import { createHmac } from 'node:crypto';
import { DomainError } from '@bianzhi/domain/errors';
import { parseIdNumber } from '@bianzhi/domain/identifiers';

/**
 * The person id of a national ID number: HMAC-SHA256 under PERSON_KEY_SECRET, in hex. Keyed, so
 * that the 18 digits (a small, structured space) cannot be recovered by hashing every candidate
 * without the secret; the number itself is never stored.
 */
export function personKeyOf(secret: string, idNumber: string): string {
  const normalized = idNumber.trim().toUpperCase();
  if (!parseIdNumber(normalized)) throw new DomainError('ID_NUMBER_INVALID', 'national ID number fails its check character or birth date');
  return createHmac('sha256', secret).update(normalized).digest('hex');
}
