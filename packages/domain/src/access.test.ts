import { describe, expect, it } from 'vitest';
import { hasPermission, permissions, roles } from './access.js';

describe('permissions', () => {
  it('lets a city admin create jurisdictions and refuses an auditor', () => {
    expect(hasPermission({ roles: ['city_admin'] }, 'registry.jurisdiction.create')).toBe(true);
    expect(hasPermission({ roles: ['auditor'] }, 'registry.jurisdiction.create')).toBe(false);
    expect(hasPermission({ roles: ['auditor'] }, 'registry.jurisdiction.read')).toBe(true);
  });

  it('gives the auditor no write permission at all', () => {
    const writes = Object.entries(permissions).filter(([name]) => !name.endsWith('.read'));
    for (const [name, allowed] of writes) expect(allowed, name).not.toContain('auditor');
  });

  it('only names known roles', () => {
    for (const allowed of Object.values(permissions)) for (const role of allowed) expect(roles).toContain(role);
  });
});
