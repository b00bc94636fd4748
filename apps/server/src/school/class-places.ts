import {
  type Applicant,
  localDateTime,
  placesToPromote,
  promotedText,
  type SchoolLocale,
  schoolText,
} from '@pollwatch/core';
import type { SchoolClass, Store } from '@pollwatch/db';
import { type Actor, audit } from '../auth/actor.ts';
import { timeOrderedId } from '../recruitment/ordered-id.ts';

/**
 * Gives the class's free places to the waiting list, first come first served, inside the caller's
 * transaction — which must hold the class lock (`schoolPlaces.lockClass`), so two cancellations at
 * once never promote the same person nor more people than there are places. Each promoted person's
 * history says so, in their language, and the promotion is audited. Returns who was promoted.
 */
export async function promoteWaiting(
  tx: Store,
  klass: SchoolClass,
  actor: Actor | null,
  cause: 'cancelled' | 'capacity',
  now: Date,
): Promise<string[]> {
  const signedUp = await tx.school.countSignedUp(klass.id);
  const waiting = await tx.schoolPlaces.countWaiting(klass.id);
  const next = await tx.schoolPlaces.waiting(klass.id, placesToPromote(klass.capacity, signedUp, waiting));
  if (next.length === 0) return [];
  const election = await tx.elections.findById(klass.electionId);
  const local = localDateTime(klass.startsAt, election?.timeZone ?? 'UTC');
  const when = `${local.date} ${local.time}`;
  for (const w of next) {
    await tx.schoolPlaces.setSignupState(w.id, 'signed_up', now);
    const applicant = (await tx.applicants.findById(w.applicantId)) as Applicant | undefined;
    const locale = (applicant?.locale ?? 'ru') as SchoolLocale;
    await tx.applicants.addEvent({
      id: timeOrderedId(now),
      applicantId: w.applicantId,
      at: now,
      actorId: null,
      kind: 'school',
      fromStatus: null,
      toStatus: null,
      text: promotedText(locale, schoolText(klass.title, locale), when),
    });
    await audit(
      tx,
      actor,
      {
        action: 'school.promoted',
        entityType: 'school_class',
        entityId: klass.id,
        details: { applicantId: w.applicantId, cause },
      },
      now,
    );
  }
  return next.map((w) => w.applicantId);
}
