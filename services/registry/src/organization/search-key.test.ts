import { describe, expect, it } from 'vitest';
import { nameInitials } from './search-key.js';

describe('nameInitials', () => {
  it('gives the pinyin initials bureau staff type', () => {
    expect(nameInitials('市教育局')).toBe('sjyj');
    expect(nameInitials('海曙区人力资源和社会保障局')).toBe('hsqrlzyhshbzj');
  });
});
