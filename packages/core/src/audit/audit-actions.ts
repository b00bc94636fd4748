/**
 * Every kind of audit entry, so the console can translate and filter them. A new kind of write
 * adds its action here first; the locale test then asks for its name in ru, kk and en.
 */
export const auditActions = [
  'setup.completed',
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.signed_out',
  'auth.invite_redeemed',
  'auth.invite_failed',
  'invite.issued',
  'user.created',
  'user.updated',
  'user.password_changed',
  'user.signed_out_everywhere',
  'election.created',
  'election.updated',
  'election.made_current',
  'area.created',
  'area.updated',
  'area.deleted',
  'station.created',
  'station.updated',
  'station.deleted',
  'import.uploaded',
  'import.applied',
  'demo.seeded',
  'demo.removed',
  'form.created',
  'form.draft_saved',
  'form.published',
  'assignment.created',
  'assignment.deleted',
  'readiness_visit.planned',
  'readiness_visit.deleted',
  'reference_note.created',
  'reference_note.updated',
  'reference_note.deleted',
  'reference_note.reordered',
  'report.record_chosen',
  'report.claimed',
  'report.claim_released',
  'report.verified',
  'report.rejected',
  'report.follow_up_requested',
  'quick_count.sample_drawn',
  'applicant.created',
  'applicant.viewed',
  'applicant.updated',
  'applicant.status_changed',
  'applicant.note_added',
  'applicant.merged',
  'applicant.invited',
  'applicant.exported',
  'applicant.anonymised',
  'referral.issued',
  'referral.printed',
  'post.created',
  'post.updated',
  'post.cover_set',
  'post.published',
  'post.unpublished',
  'post.submitted',
  'public_dashboard.updated',
  'settings.updated',
  'access.refused',
  /** A record outside the actor's area was asked for by id: answered 404, recorded here. */
  'access.out_of_scope',
  /** A list of personal data left the server as a file (assignments, rosters). */
  'export.downloaded',
  /** Safety net: a write that recorded nothing more specific (details name the route). */
  'request.write',
] as const;

export type AuditAction = (typeof auditActions)[number];

/** The kinds of record an entry can point at. */
export const auditEntityTypes = [
  'user',
  'election',
  'area',
  'station',
  'import',
  'form',
  'assignment',
  'reference_note',
  'report',
  'applicant',
  'referral',
  'settings',
  'photo',
  'readiness_visit',
  'post',
  'public_dashboard',
] as const;
export type AuditEntityType = (typeof auditEntityTypes)[number];

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && (auditActions as readonly string[]).includes(value);
}
