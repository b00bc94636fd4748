import type { MessageFilters } from './channels-api.ts';

/** Query keys of the message channels. */
export const channelsKeys = {
  all: ['channels'] as const,
  messages: (filters: MessageFilters) => ['channels', 'messages', filters] as const,
  myLinks: () => ['channels', 'links', 'me'] as const,
  userLinks: (userId: string) => ['channels', 'links', userId] as const,
};
