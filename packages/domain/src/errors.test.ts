import { describe, expect, it } from 'vitest';
import { DomainError, domainErrorCodes, domainMessage, isDomainError, resolveLocale } from './errors.js';

describe('domain errors', () => {
  it('has a zh-CN and an English message for every code', () => {
    for (const code of Object.keys(domainErrorCodes) as (keyof typeof domainErrorCodes)[]) {
      expect(domainMessage(code, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
      expect(domainMessage(code, 'en')).toMatch(/^[A-Z]/);
    }
  });

  it('defaults to zh-CN and honours an English Accept-Language', () => {
    expect(resolveLocale(undefined)).toBe('zh-CN');
    expect(resolveLocale('zh-CN,zh;q=0.9')).toBe('zh-CN');
    expect(resolveLocale('en-US,en;q=0.8')).toBe('en');
  });

  it('recognises domain errors by shape across module copies', () => {
    expect(isDomainError(new DomainError('NOT_FOUND'))).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
  });
});
