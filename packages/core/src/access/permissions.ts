import type { Role } from './roles.ts';

/**
 * What each role may do. Routes name one permission each (see route-access.ts); domain code asks
 * `can(role, permission)` for finer rules, e.g. who may create which role.
 */
export const permissions = {
  /** See the list of accounts (staff and observers). */
  'users.read': ['admin', 'coordinator', 'regional_coordinator'],
  /** Create observer accounts and issue their sign-in invites. */
  'observers.manage': ['admin', 'coordinator', 'regional_coordinator'],
  /** Create staff accounts, change roles, disable accounts. */
  'staff.manage': ['admin'],
  /** See elections: every staff role works within one. */
  'elections.read': ['admin', 'coordinator', 'regional_coordinator', 'trainer', 'analyst', 'editor'],
  /** Create and change elections, choose the current one. */
  'elections.manage': ['admin', 'coordinator'],
  /** See the territory tree and polling stations. */
  'stations.read': ['admin', 'coordinator', 'regional_coordinator', 'analyst'],
  /** Create, change, import and delete areas and stations. */
  'stations.manage': ['admin', 'coordinator'],
  /** See an election's forms and their versions, and check answers against them. */
  'forms.read': ['admin', 'coordinator', 'regional_coordinator', 'trainer', 'analyst'],
  /** Design, import and publish forms. */
  'forms.manage': ['admin', 'coordinator'],
  /** See and make assignments of observers to stations. */
  'assignments.read': ['admin', 'coordinator', 'regional_coordinator'],
  'assignments.manage': ['admin', 'coordinator', 'regional_coordinator'],
  /** Write the reference notes observers carry in the field app (their rights, what to do when…). */
  'reference.manage': ['admin', 'coordinator', 'trainer'],
  /** Send reports and their photos from the field. */
  'reports.submit': ['observer'],
  /** See reports, their flags and photos, live. */
  'reports.read': ['admin', 'coordinator', 'regional_coordinator', 'analyst'],
  /** Decide which of conflicting protocol copies is the station's record. */
  'reports.decide': ['admin', 'coordinator'],
  /** Work the verification queue: claim a report, verify, reject or ask its observer to follow up. */
  'reports.verify': ['admin', 'coordinator', 'regional_coordinator'],
  /** Import the CEC's official results; see their analysis and the comparison with observers' copies. */
  'results.manage': ['admin', 'coordinator', 'analyst'],
  'results.read': ['admin', 'coordinator', 'analyst'],
  /** Upload files to the import wizard; each kind of import then asks for its own permission. */
  'imports.run': ['admin', 'coordinator', 'analyst'],
  /**
   * Applicants (volunteers who signed up): the pipeline, full records, exports, referral letters.
   * A regional coordinator sees only applicants of their area subtree; trainers, analysts and
   * editors see none (the public counter gives everyone the total).
   */
  'applicants.read': ['admin', 'coordinator', 'regional_coordinator'],
  /** Change status, notes, merge duplicates, invite as observers, issue referral letters. */
  'applicants.manage': ['admin', 'coordinator', 'regional_coordinator'],
  /** The observer school: courses, lessons, quizzes, classes, the certification rule, invitations. */
  'school.manage': ['admin', 'coordinator', 'trainer'],
  /** Hold classes: see the classes and their rosters, mark attendance (a regional coordinator: own area). */
  'school.teach': ['admin', 'coordinator', 'regional_coordinator', 'trainer'],
  /** Take the school's courses in the field app (an observer, as the applicant they were recruited as). */
  'school.learn': ['observer'],
  /** The remarks register: see remarks to commissions and print their letters (a regional coordinator: own area). */
  'remarks.read': ['admin', 'coordinator', 'regional_coordinator', 'analyst'],
  /** Make remarks, send them, record commissions' answers and outcomes. */
  'remarks.manage': ['admin', 'coordinator', 'regional_coordinator'],
  /** The organisation's letterhead (name, registration, signatory) and other deployment settings. */
  'settings.manage': ['admin'],
  /** Write, publish and unpublish posts on the public site; publish elections' public dashboards. */
  'posts.manage': ['admin', 'coordinator', 'editor'],
  /** Send an opinion from the field app for an editor to review and publish. */
  'opinions.submit': ['observer'],
  /** The resolution to the CEC: read its versions and documents; edit drafts; approve (freeze) one. */
  'resolution.read': ['admin', 'coordinator', 'analyst'],
  'resolution.manage': ['admin', 'coordinator'],
  'resolution.approve': ['admin'],
  /** The message log of SMS and Telegram (issue 22; a regional coordinator: own area) and SMS cards. */
  'channels.read': ['admin', 'coordinator', 'regional_coordinator'],
  /** Browse the append-only audit log. */
  'audit.read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

/** Roles a given role may assign when creating or editing an account. */
export function assignableRoles(role: Role): Role[] {
  if (can(role, 'staff.manage')) {
    return ['admin', 'coordinator', 'regional_coordinator', 'trainer', 'analyst', 'editor', 'observer'];
  }
  if (can(role, 'observers.manage')) return ['observer'];
  return [];
}
