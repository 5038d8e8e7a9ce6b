import type { OrganizationKind, OrganizationStatus } from '@bianzhi/domain/organization';

/**
 * The whole-city tree travels as one tab-separated text rather than thousands of small objects:
 * serializing 5,500 objects field by field costs the server more than the query does. One line
 * per organization: id, index of its jurisdiction, index (line number) of its supervising organ or
 * empty, name, kind, status. Names cannot contain tabs or line breaks (the name schema forbids them).
 */
export interface TreeOrganization {
  id: string;
  jurisdictionId: string;
  parentId: string | null;
  name: string;
  kind: OrganizationKind;
  status: OrganizationStatus;
}

export function encodeOrganizationRows(rows: TreeOrganization[], jurisdictionIds: string[]): string {
  const jurisdictionIndex = new Map(jurisdictionIds.map((id, i) => [id, i]));
  const rowIndex = new Map(rows.map((r, i) => [r.id, i]));
  return rows
    .map((r) => {
      const parent = r.parentId === null ? undefined : rowIndex.get(r.parentId);
      return `${r.id}\t${jurisdictionIndex.get(r.jurisdictionId) ?? ''}\t${parent ?? ''}\t${r.name}\t${r.kind}\t${r.status}`;
    })
    .join('\n');
}

/** Supervising organs outside the encoded set (closed, or out of the caller's scope) decode as null. */
export function decodeOrganizationRows(text: string, jurisdictionIds: string[]): TreeOrganization[] {
  if (!text) return [];
  const fields = text.split('\n').map((line) => line.split('\t'));
  return fields.map(([id, jurisdiction, parent, name, kind, status]) => ({
    id: id!,
    jurisdictionId: jurisdictionIds[Number(jurisdiction)] ?? '',
    parentId: parent ? (fields[Number(parent)]?.[0] ?? null) : null,
    name: name!,
    kind: kind as OrganizationKind,
    status: status as OrganizationStatus,
  }));
}
