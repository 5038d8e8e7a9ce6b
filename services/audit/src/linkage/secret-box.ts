import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * The subscriptions' signing secrets: shown once, kept only encrypted (AES-256-GCM with the key in
 * `LINKAGE_SECRET_KEY`, bound to the subscription's id), decrypted only to sign a delivery.
 */
export interface SecretBox {
  seal(subscriptionId: string, secret: string): string;
  open(subscriptionId: string, sealed: string): string;
}

export function secretBox(keyHex: string): SecretBox {
  const key = Buffer.from(keyHex, 'hex');
  if (key.length !== 32) throw new Error('LINKAGE_SECRET_KEY must be 32 bytes (64 hex digits)');
  return {
    seal(subscriptionId, secret) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(subscriptionId));
      const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
    },
    open(subscriptionId, sealed) {
      const [version, iv, tag, ciphertext] = sealed.split(':');
      if (version !== 'v1' || !iv || !tag || !ciphertext) throw new Error('sealed secret in an unknown format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(subscriptionId));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}

/** A new signing secret: `whsec_` and 32 random bytes, base64url. The HMAC key is the whole string. */
export const newSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/** `v1=` and the hex HMAC-SHA256 of `timestamp + "." + body` under the secret (docs/integration.md). */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
