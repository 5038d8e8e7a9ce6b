import { describe, expect, it } from 'vitest';
import { checkDivisionCode, checkParentLevel } from './jurisdiction.js';

describe('division codes', () => {
  it('accepts a city, a district under it and a township under that', () => {
    expect(() => checkDivisionCode('city', '420100', null)).not.toThrow();
    expect(() => checkDivisionCode('district', '420102', '420100')).not.toThrow();
    expect(() => checkDivisionCode('township', '420102001', '420102')).not.toThrow();
  });

  it('refuses codes of the wrong length or outside the parent', () => {
    expect(() => checkDivisionCode('city', '4201', null)).toThrow(/6 digits/);
    expect(() => checkDivisionCode('city', '420102', null)).toThrow(/ends in 00/);
    expect(() => checkDivisionCode('district', '430102', '420100')).toThrow(/must start with/);
    expect(() => checkDivisionCode('township', '420103001', '420102')).toThrow(/must start with/);
  });
});

describe('parent levels', () => {
  it('puts districts under cities and townships under districts only', () => {
    expect(() => checkParentLevel('city', null)).not.toThrow();
    expect(() => checkParentLevel('district', 'city')).not.toThrow();
    expect(() => checkParentLevel('township', 'district')).not.toThrow();
    expect(() => checkParentLevel('township', 'city')).toThrow();
    expect(() => checkParentLevel('district', null)).toThrow();
    expect(() => checkParentLevel('city', 'city')).toThrow();
  });
});
