// Who did it, as the audit log records it (actor, role, scope).
import type { Principal } from '@bianzhi/domain/access';
import type { AuditActor } from '@bianzhi/db/outbox';

export function auditActorOf(principal: Principal): AuditActor {
  return { kind: principal.kind, id: principal.id, name: principal.name, roles: principal.roles, jurisdictionId: principal.jurisdictionId };
}
