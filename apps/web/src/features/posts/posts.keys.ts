/** Query keys of the public site's posts and public dashboards (editors' view). */
export const postsKeys = {
  all: ['posts'] as const,
  list: (status: string) => ['posts', 'list', status] as const,
  one: (id: string) => ['posts', 'one', id] as const,
  dashboards: ['posts', 'dashboards'] as const,
};
