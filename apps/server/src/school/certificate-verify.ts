import type { VerificationDto } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';

/**
 * Public: an observer school certificate's code, checked at /verify like a referral letter's.
 * Validity, the holder's name, the election and the date — nothing else.
 */
export async function verifyCertificate(store: Store, code: string): Promise<VerificationDto> {
  const certificate = await store.school.certificateByCode(code);
  if (!certificate || certificate.revokedAt) return { valid: false };
  const applicant = await store.applicants.findById(certificate.applicantId);
  if (!applicant || applicant.anonymisedAt || applicant.status === 'withdrawn' || applicant.status === 'rejected') {
    return { valid: false };
  }
  const election = await store.elections.findById(certificate.electionId);
  if (!election) return { valid: false };
  return {
    valid: true,
    document: 'certificate',
    observerName: applicant.fullName,
    election: election.name,
    issuedAt: certificate.issuedAt.toISOString(),
  };
}
