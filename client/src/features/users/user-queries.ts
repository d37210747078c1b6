// Query keys, reads and writes of the user accounts (administrators).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UserDto } from '../../../../shared/auth.ts';
import type { CreateUserInput, UpdateUserInput } from '../../../../shared/auth-schemas.ts';
import { patchJson, postJson } from '../../platform/api/api-client.ts';
import { apiQuery } from '../../platform/api/query-client.ts';

export const userKeys = {
  all: ['users'] as const,
  list: () => [...userKeys.all, 'list'] as const,
  history: (id: number) => [...userKeys.all, 'one', id, 'history'] as const,
};

export const userQueries = {
  list: () => apiQuery<UserDto[]>(userKeys.list(), '/users', { kind: 'shared' }),
};

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) => postJson<UserDto>('/users', input),
    // The new account shows at once, while the list is asked again.
    onSuccess: (created) => queryClient.setQueryData<UserDto[]>(userKeys.list(), (list) => list && [...list, created]),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

/** A change of name, roles or active flag, or an administrator's password reset. */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: number; patch: UpdateUserInput }) => patchJson<UserDto>(`/users/${id}`, patch),
    onSuccess: (updated) =>
      queryClient.setQueryData<UserDto[]>(userKeys.list(), (list) => list?.map((user) => (user.id === updated.id ? updated : user))),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
