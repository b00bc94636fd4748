import type { UsersQuery } from '@pollwatch/core';

/** Query keys of the accounts area: invalidate `all` after any change to an account. */
export const accountKeys = {
  all: ['users'] as const,
  list: (query: UsersQuery) => ['users', 'list', query] as const,
};
