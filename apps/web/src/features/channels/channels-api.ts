import type { ChannelMessageView } from '@pollwatch/core';
import { apiRequest, withQuery } from '../../api/api-client.ts';

export interface MessageFilters {
  channel?: 'sms' | 'telegram' | undefined;
  status?: 'accepted' | 'refused' | 'error' | undefined;
  observer?: string | undefined;
  station?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface ChannelLinkView {
  channel: string;
  addressMask: string;
  createdAt: string;
}

const id = (value: string) => encodeURIComponent(value);

/** Typed calls of the SMS / Telegram routes of /api/v1 (issue 22). */
export const channelsApi = {
  messages: (filters: MessageFilters, offset: number, limit: number) =>
    apiRequest<{ items: ChannelMessageView[]; total: number }>(
      'GET',
      withQuery('/api/v1/channels/messages', { ...filters, offset, limit }),
    ),
  myLinks: () => apiRequest<{ links: ChannelLinkView[] }>('GET', '/api/v1/me/channel-links'),
  unlinkMine: (channels: ('sms' | 'telegram')[]) =>
    apiRequest<{ unlinked: string[] }>('POST', '/api/v1/me/channel-links/unlink', { channels }),
  telegramLink: () => apiRequest<{ code: string; link: string | null }>('POST', '/api/v1/me/telegram-link'),
  userLinks: (userId: string) =>
    apiRequest<{ links: ChannelLinkView[] }>('GET', `/api/v1/users/${id(userId)}/channel-links`),
  unlinkUser: (userId: string, channels: ('sms' | 'telegram')[]) =>
    apiRequest<{ unlinked: string[] }>('POST', `/api/v1/users/${id(userId)}/channel-links/unlink`, { channels }),
  /** The SMS card's address: a plain download link. */
  smsCardUrl: (formId: string, locale: 'ru' | 'kk', observerId?: string) =>
    withQuery('/api/v1/channels/sms-card', { formId, locale, observerId }),
};
