import type { OrganizationKind, OrganizationStatus } from '@bianzhi/domain/organization';

/**
 * The whole-city tree travels as one tab-separated text rather than thousands of small objects:
 * serializing 5,500 objects field by field costs the server more than the query does. One line
 * per organization: id, index of its jurisdiction, index (line number) of its supervising organ or
 * empty, name, kind and status as one letter each. Names cannot contain tabs or line breaks (the
 * name schema forbids them).
 */
const kindLetters: Record<OrganizationKind, string> = { organ: 'o', institution: 'i', dispatched: 'd' };
const statusLetters: Record<OrganizationStatus, string> = { planned: 'p', active: 'a', merging: 'm', abolished: 'x', delegated: 'd', converted: 'c' };
const invert = <T extends string>(letters: Record<T, string>) => Object.fromEntries(Object.entries(letters).map(([code, letter]) => [letter, code])) as Record<string, T>;
const kindOfLetter = invert(kindLetters);
const statusOfLetter = invert(statusLetters);
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
      return `${r.id}\t${jurisdictionIndex.get(r.jurisdictionId) ?? ''}\t${parent ?? ''}\t${r.name}\t${kindLetters[r.kind]}${statusLetters[r.status]}`;
    })
    .join('\n');
}

/** Supervising organs outside the encoded set (closed, or out of the caller's scope) decode as null. */
export function decodeOrganizationRows(text: string, jurisdictionIds: string[]): TreeOrganization[] {
  if (!text) return [];
  const fields = text.split('\n').map((line) => line.split('\t'));
  return fields.map(([id, jurisdiction, parent, name, codes]) => ({
    id: id!,
    jurisdictionId: jurisdictionIds[Number(jurisdiction)] ?? '',
    parentId: parent ? (fields[Number(parent)]?.[0] ?? null) : null,
    name: name!,
    kind: kindOfLetter[codes![0]!]!,
    status: statusOfLetter[codes![1]!]!,
  }));
}
