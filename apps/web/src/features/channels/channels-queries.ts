import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { channelsKeys } from './channels.keys.ts';
import { channelsApi, type MessageFilters } from './channels-api.ts';

const PAGE = 50;

/** The message log under a filter, newest first, page by page. */
export function useMessages(filters: MessageFilters) {
  return useInfiniteQuery({
    queryKey: channelsKeys.messages(filters),
    queryFn: ({ pageParam }) => channelsApi.messages(filters, pageParam, PAGE),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const seen = pages.reduce((n, p) => n + p.items.length, 0);
      return seen < last.total ? seen : undefined;
    },
  });
}

export function useMyLinks() {
  return useQuery({ queryKey: channelsKeys.myLinks(), queryFn: channelsApi.myLinks });
}

export function useUserLinks(userId: string) {
  return useQuery({ queryKey: channelsKeys.userLinks(userId), queryFn: () => channelsApi.userLinks(userId) });
}

export function useTelegramLink() {
  return useMutation({ mutationFn: channelsApi.telegramLink });
}

/** Unlinks channels: the observer's own (userId null) or an observer's, then reloads the links. */
export function useUnlink(userId: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (channels: ('sms' | 'telegram')[]) =>
      userId ? channelsApi.unlinkUser(userId, channels) : channelsApi.unlinkMine(channels),
    onSuccess: () => client.invalidateQueries({ queryKey: ['channels', 'links'] }),
  });
}
