import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc.js';
import { buildJurisdictionTree, toTreeSelectData } from './jurisdiction-tree.js';

/** The caller's jurisdictions as a tree-select option list and a name lookup. */
export function useJurisdictionOptions() {
  const trpc = useTRPC();
  const list = useQuery(trpc.registry.jurisdiction.list.queryOptions({}));
  return useMemo(() => {
    const rows = list.data ?? [];
    return { treeData: toTreeSelectData(buildJurisdictionTree(rows)), nameOf: new Map(rows.map((j) => [j.id, j.name])) };
  }, [list.data]);
}
