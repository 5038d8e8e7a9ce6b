import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy } from './password-policy.js';

const refused = (password: string, username = 'zhangsan') => {
  try {
    checkPasswordPolicy(password, username);
    return null;
  } catch (error) {
    return (error as { detail?: { reasons: string[] } }).detail?.reasons ?? [];
  }
};

describe('password policy', () => {
  it('accepts a long, uncommon password', () => {
    expect(refused('Qiantang-River-2026')).toBeNull();
  });

  it('refuses short ones', () => {
    expect(refused('Ab3$xyz')).toContain('too short');
  });

  it('refuses common passwords, also with digits or punctuation appended and in any case', () => {
    expect(refused('1234567890')).toContain('common');
    expect(refused('Woaini1314!!')).toContain('common');
    expect(refused('PASSWORD123')).toContain('common');
    expect(refused('aaaaaaaaaaaa')).toContain('common');
  });

  it('refuses passwords that contain the username', () => {
    expect(refused('zhangsan-is-me-2026', 'zhangsan')).toContain('contains username');
  });
});
