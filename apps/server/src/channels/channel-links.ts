import type { Store } from '@pollwatch/db';

/**
 * Removes an observer's channel links (lost phone, disabled account, new invite): Telegram chats and
 * pending link codes, and for SMS the explicit link plus a marker that stops the applicant record's
 * phone from identifying them. Returns the channels that were (or are now) unlinked.
 */
export async function revokeChannelLinks(
  tx: Store,
  userId: string,
  channels: readonly ('sms' | 'telegram')[],
  now: Date,
): Promise<string[]> {
  const kinds = channels.flatMap((c) =>
    c === 'telegram' ? (['telegram', 'telegram-link'] as const) : (['sms'] as const),
  );
  const removed = await tx.channels.unlinkUser(userId, kinds);
  if (channels.includes('sms')) await tx.channels.link('sms-revoked', userId, userId, now);
  return [
    ...new Set([...removed.filter((c) => c !== 'telegram-link'), ...(channels.includes('sms') ? ['sms'] : [])]),
  ].sort();
}
