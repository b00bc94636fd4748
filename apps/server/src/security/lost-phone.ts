import type { Store } from '@pollwatch/db';
import { type Actor, audit } from '../auth/actor.ts';
import { revokeChannelLinks } from '../channels/channel-links.ts';

/**
 * The lost-phone procedure (issue 21, SECURITY.md "A stolen observer phone"), one action in one
 * transaction: every session of the observer ends (the field app on the lost phone is signed out)
 * and every channel link goes (its Telegram chat, pending link codes, and the SMS number — the
 * applicant record's phone no longer identifies them), audited as `user.lost_phone`. The caller
 * (UsersService.lostPhone) has checked that the actor manages this observer, and forgets the
 * user's cached sessions afterwards.
 */
export async function reportLostPhone(
  tx: Store,
  actor: Actor,
  userId: string,
  now: Date,
): Promise<{ unlinked: string[] }> {
  await tx.sessions.deleteForUser(userId);
  const unlinked = await revokeChannelLinks(tx, userId, ['sms', 'telegram'], now);
  await audit(
    tx,
    actor,
    { action: 'user.lost_phone', entityType: 'user', entityId: userId, details: { sessionsEnded: true, unlinked } },
    now,
  );
  return { unlinked };
}
