/**
 * An in-memory stand-in for the audit service's open violations, for tests of one service's rules
 * (the real port calls the audit service over HTTP and is covered by the browser/API suite).
 */
export function fakeViolations() {
  const open = new Map<string, { id: string; title: string }[]>();
  return {
    openViolations: async (organizationId: string) => open.get(organizationId) ?? [],
    record(organizationId: string, title: string) {
      open.set(organizationId, [...(open.get(organizationId) ?? []), { id: `v-${open.size + 1}`, title }]);
    },
    rectifyAll(organizationId: string) {
      open.delete(organizationId);
    },
  };
}
