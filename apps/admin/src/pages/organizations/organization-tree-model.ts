import { decodeOrganizationRows, type TreeOrganization } from '@bianzhi/contracts/organization-tree';
import type { OrganizationTreeDto } from '@bianzhi/contracts/registry';

export interface TreeNode {
  key: string;
  title: string;
  kind: 'jurisdiction' | TreeOrganization['kind'];
  status?: TreeOrganization['status'];
  children: TreeNode[];
}

/**
 * City → districts → townships, each with its organizations; a unit sits under its supervising
 * organ when that organ is in the same jurisdiction, else at the jurisdiction's top. Keys:
 * `j:<id>` for jurisdictions, `o:<id>` for organizations.
 */
export function buildOrganizationTree(dto: Pick<OrganizationTreeDto, 'jurisdictions' | 'organizations'>): TreeNode[] {
  const organizations = decodeOrganizationRows(dto.organizations, dto.jurisdictions.map((j) => j.id));
  const jurisdictionNodes = new Map(dto.jurisdictions.map((j) => [j.id, { key: `j:${j.id}`, title: j.name, kind: 'jurisdiction' as const, children: [] as TreeNode[] }]));
  const orgNodes = new Map(organizations.map((o) => [o.id, { key: `o:${o.id}`, title: o.name, kind: o.kind, status: o.status, children: [] as TreeNode[] }]));
  const byId = new Map(organizations.map((o) => [o.id, o]));
  for (const organization of organizations) {
    const node = orgNodes.get(organization.id)!;
    const parent = organization.parentId ? byId.get(organization.parentId) : undefined;
    if (parent && parent.jurisdictionId === organization.jurisdictionId) orgNodes.get(parent.id)!.children.push(node);
    else jurisdictionNodes.get(organization.jurisdictionId)?.children.push(node);
  }
  const roots: TreeNode[] = [];
  for (const jurisdiction of dto.jurisdictions) {
    const node = jurisdictionNodes.get(jurisdiction.id)!;
    const parent = jurisdiction.parentId ? jurisdictionNodes.get(jurisdiction.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/**
 * The tree cut down to nodes whose name contains the text, with their ancestors (to show where
 * they are) and the keys to expand; the whole tree when the text is empty.
 */
export function filterTree(roots: TreeNode[], text: string): { nodes: TreeNode[]; expandedKeys: string[]; matches: number } {
  const needle = text.trim();
  if (!needle) return { nodes: roots, expandedKeys: roots.map((r) => r.key), matches: 0 };
  const expandedKeys: string[] = [];
  let matches = 0;
  const visit = (node: TreeNode): TreeNode | null => {
    const children = node.children.map(visit).filter((c): c is TreeNode => c !== null);
    const hit = node.title.includes(needle);
    if (hit) matches += 1;
    if (!hit && children.length === 0) return null;
    if (children.length > 0) expandedKeys.push(node.key);
    return { ...node, children: hit && children.length === 0 ? node.children : children };
  };
  return { nodes: roots.map(visit).filter((n): n is TreeNode => n !== null), expandedKeys, matches };
}
