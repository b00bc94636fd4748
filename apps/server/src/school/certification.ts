import { randomBytes, randomUUID } from 'node:crypto';
import {
  type Applicant,
  type CertificationVerdict,
  certifiableStatuses,
  evaluateCertification,
  makeVerificationCode,
  type SchoolLocale,
  schoolText,
} from '@pollwatch/core';
import type { SchoolCertificate, Store } from '@pollwatch/db';
import { type Actor, audit } from '../auth/actor.ts';
import { timeOrderedId } from '../recruitment/ordered-id.ts';

/** The reason written into the applicant's history, in the applicant's language. */
export async function reasonText(tx: Store, verdict: CertificationVerdict, locale: SchoolLocale): Promise<string> {
  const titles: string[] = [];
  for (const id of verdict.quizzesPassed) {
    const quiz = await tx.school.findQuiz(id);
    if (quiz) titles.push(`«${schoolText(quiz.content.title, locale)}»`);
  }
  const quizzes = titles.join(', ');
  if (locale === 'kk') {
    return `Байқаушылар мектебінің ережесі орындалды: сабаққа қатысқаны ${verdict.classesAttended} (қажет ${verdict.classesRequired})${quizzes ? `; тапсырылған тест: ${quizzes}` : ''}.`;
  }
  if (locale === 'en') {
    return `The observer school's rule is met: classes attended ${verdict.classesAttended} (required ${verdict.classesRequired})${quizzes ? `; quizzes passed: ${quizzes}` : ''}.`;
  }
  return `Выполнено правило школы наблюдателей: посещено занятий ${verdict.classesAttended} (нужно ${verdict.classesRequired})${quizzes ? `; сданы тесты: ${quizzes}` : ''}.`;
}

/**
 * Applies the election's certification rule to one applicant, inside the caller's transaction:
 * when it is met for the first time the applicant moves to "certified" (from applied, contacted or
 * in training; never backwards), the reason goes into their history, and a certificate with a
 * verification code is issued. Returns the certificate when one was issued now.
 */
export async function certifyIfDue(
  tx: Store,
  applicantId: string,
  electionId: string,
  actor: Actor | null,
  now: Date,
): Promise<SchoolCertificate | undefined> {
  const rule = await tx.school.rule(electionId);
  if (!rule) return undefined;
  if (await tx.school.certificateFor(applicantId, electionId)) return undefined;
  const applicant = (await tx.applicants.findById(applicantId)) as Applicant | undefined;
  if (!applicant || applicant.mergedInto || applicant.anonymisedAt) return undefined;
  if (applicant.status === 'withdrawn' || applicant.status === 'rejected') return undefined;
  const verdict = evaluateCertification(rule, {
    classesAttended: await tx.school.classesAttended(applicantId, electionId),
    passedQuizIds: await tx.school.passedQuizIds(applicantId),
  });
  if (!verdict.met) return undefined;
  const reason = await reasonText(tx, verdict, applicant.locale);
  if ((certifiableStatuses as readonly string[]).includes(applicant.status)) {
    await tx.applicants.update(applicantId, { status: 'certified', statusReason: reason }, now);
    await tx.applicants.addEvent({
      id: timeOrderedId(now),
      applicantId,
      at: now,
      actorId: null,
      kind: 'status',
      fromStatus: applicant.status,
      toStatus: 'certified',
      text: reason,
    });
    await audit(
      tx,
      actor,
      {
        action: 'applicant.status_changed',
        entityType: 'applicant',
        entityId: applicantId,
        details: { from: applicant.status, to: 'certified', by: 'school_rule' },
      },
      now,
    );
  }
  const certificate: Omit<SchoolCertificate, 'revokedAt'> = {
    id: randomUUID(),
    code: makeVerificationCode((n) => randomBytes(n)),
    applicantId,
    electionId,
    reason: verdict,
    issuedAt: now,
  };
  await tx.school.createCertificate(certificate);
  await audit(
    tx,
    actor,
    {
      action: 'school.certified',
      entityType: 'applicant',
      entityId: applicantId,
      details: { electionId, certificateId: certificate.id, ...verdict },
    },
    now,
  );
  return { ...certificate, revokedAt: null };
}
