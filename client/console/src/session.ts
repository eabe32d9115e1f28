import { useQuery } from '@tanstack/react-query';
import { ApiError, client, setCsrf, unwrap } from './api';

export type Role = 'author' | 'reviewer' | 'handler' | 'officeHead' | 'supervisor' | 'admin';
export interface Me {
  id: string;
  name: string;
  roles: Role[];
  groups: string[];
  section: string | null;
}

/** The logged-in user, or null when there is no session (the app then shows the login page). */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        const r = await unwrap(client.GET('/api/me'));
        setCsrf(r.csrf);
        return r.user as Me;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

/** Staff names by id: the app shows who acted by name. */
export function useDirectory() {
  const q = useQuery({
    queryKey: ['directory'],
    queryFn: () => unwrap(client.GET('/api/directory')),
    staleTime: 300_000,
  });
  const names = new Map((q.data?.users ?? []).map((u) => [u.id, u.name]));
  return (id: string | null | undefined) => (id ? (id === 'system' ? '系统' : (names.get(id) ?? id)) : '—');
}
