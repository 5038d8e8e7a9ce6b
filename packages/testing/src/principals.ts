import type { Principal, Role } from '@bianzhi/domain/access';

export function userPrincipal(role: Role, jurisdictionId: string | null, id = `user-${role}`): Principal {
  return { kind: 'user', id, name: id, roles: [role], jurisdictionId, organizationId: null };
}
