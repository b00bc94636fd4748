/** Query keys of the forms: invalidate `all` after any change to a form. */
export const formsKeys = {
  all: ['forms'] as const,
  list: (electionId: string) => ['forms', 'list', electionId] as const,
  detail: (formId: string) => ['forms', 'detail', formId] as const,
};
