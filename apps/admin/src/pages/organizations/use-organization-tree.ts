import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { OrganizationTreeDto } from '@bianzhi/contracts/registry';
import { trpcClient } from '../../api/trpc.js';

export const organizationTreeKey = (includeClosed: boolean) => ['registry', 'organization-tree', includeClosed] as const;

/**
 * The whole-city tree. A refetch sends the stamp of the tree already held, so an unchanged
 * registry answers in a few bytes and the held tree stays.
 */
export function useOrganizationTree(includeClosed: boolean) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: organizationTreeKey(includeClosed),
    queryFn: async (): Promise<OrganizationTreeDto> => {
      const held = queryClient.getQueryData<OrganizationTreeDto>(organizationTreeKey(includeClosed));
      const answer = await trpcClient.registry.organization.tree.query({ includeClosed, knownStamp: held?.stamp });
      return answer.unchanged && held ? held : (answer as OrganizationTreeDto);
    },
    staleTime: 30_000,
  });
}

/** After any registry change: the tree and lists refetch (the tree cheaply, by stamp). */
export function useRegistryRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] === 'registry' || JSON.stringify(query.queryKey).includes('"registry"') });
}
