import type { JurisdictionDto } from '@bianzhi/contracts/registry';

export interface JurisdictionNode extends JurisdictionDto {
  children?: JurisdictionNode[];
}

/** Nests a flat, scoped list into a tree; rows whose parent is outside the list become roots. */
export function buildJurisdictionTree(rows: JurisdictionDto[]): JurisdictionNode[] {
  const nodes = new Map<string, JurisdictionNode>(rows.map((row) => [row.id, { ...row }]));
  const roots: JurisdictionNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const sort = (list: JurisdictionNode[]) => {
    list.sort((a, b) => a.code.localeCompare(b.code));
    for (const node of list) if (node.children) sort(node.children);
  };
  sort(roots);
  return roots;
}

export const childLevelOf = { city: 'district', district: 'township', township: null } as const;

export interface TreeSelectNode {
  value: string;
  title: string;
  disabled: boolean;
  children?: TreeSelectNode[];
}

/** Options for an antd TreeSelect, "名称（代码）", with some nodes not selectable. */
export function toTreeSelectData(nodes: JurisdictionNode[], isDisabled: (node: JurisdictionNode) => boolean = () => false): TreeSelectNode[] {
  return nodes.map((node) => ({
    value: node.id,
    title: `${node.name}（${node.code}）`,
    disabled: isDisabled(node),
    ...(node.children ? { children: toTreeSelectData(node.children, isDisabled) } : {}),
  }));
}
