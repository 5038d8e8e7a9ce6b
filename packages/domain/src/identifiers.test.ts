import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, idNumberCheckCharacter, isValidCreditCode, parseIdNumber } from './identifiers.js';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts the standard’s published example and computes its check character', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91350100m000100y43')).toBe(true);
  });

  it('refuses a wrong check character, letters outside the alphabet and a non-numeric division code', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100I43')).toBe(false);
    expect(isValidCreditCode('9135010AM000100Y43')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
  });
});

describe('resident identity number (GB 11643-1999)', () => {
  it('accepts the standard’s example with an X check character and reads birth date and sex', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
    expect(parseIdNumber('11010519491231002X')).toEqual({ birthDate: { year: 1949, month: 12, day: 31 }, sex: 'female' });
    expect(parseIdNumber('11010519491231002x')).not.toBeNull();
  });

  it('refuses a wrong check digit and impossible birth dates', () => {
    expect(parseIdNumber('110105194912310021')).toBeNull();
    const feb30 = '11010519900230001';
    expect(parseIdNumber(`${feb30}${idNumberCheckCharacter(feb30)}`)).toBeNull();
    expect(parseIdNumber('1101051949123100')).toBeNull();
  });

  it('reads the sex from the 17th digit', () => {
    const male = '33020319651201003';
    expect(parseIdNumber(`${male}${idNumberCheckCharacter(male)}`)?.sex).toBe('male');
  });
});
