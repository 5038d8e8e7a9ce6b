import { useQuery } from '@tanstack/react-query';
import type { Permission } from '@bianzhi/domain/access';
import { useTRPC } from './trpc.js';

/** The signed-in principal and the permissions its role carries (the same table the services enforce). */
export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.identity.me.queryOptions(undefined, { staleTime: 60_000 }));
}

export function useCan(permission: Permission): boolean | undefined {
  const me = useMe();
  return me.data ? (me.data.permissions as string[]).includes(permission) : undefined;
}
