import type { ColumnType, Generated } from 'kysely';

/**
 * Row types as stored. They never leave packages/db: repositories map them to domain objects.
 * Timestamps are `timestamptz` on PostgreSQL (read back as Date) and ISO-8601 UTC text on SQLite.
 */
export type Timestamp = ColumnType<Date | string, Date | string, Date | string>;
/** jsonb on PostgreSQL (read back parsed), text on SQLite (read back as a string). */
export type Json = ColumnType<unknown, string, string>;

export interface UsersTable {
  id: string;
  role: string;
  email: string | null;
  password_hash: string | null;
  display_name: string;
  locale: string;
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The area a staff account works in (a regional coordinator's scope). */
  area_id: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token: a copy of the database cannot be used to sign in. */
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface InvitesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number | string>;
  at: Timestamp;
  actor_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  outcome: string;
  details: Json;
}

export interface SignInFailuresTable {
  id: Generated<number | string>;
  scope: string;
  key_hash: string;
  at: Timestamp;
}

export interface SettingsTable {
  key: string;
  value: Json;
  updated_at: Timestamp;
}

/** boolean on PostgreSQL, 0/1 integer on SQLite. */
export type Bool = ColumnType<boolean | number, boolean | number, boolean | number>;

export interface ElectionsTable {
  id: string;
  name: Json;
  kind: string;
  voting_date: string;
  time_zone: string;
  polls_open: string;
  polls_close: string;
  monitoring_from: string;
  turnout_checkpoints: Json;
  ballot_options: Json;
  protocol_template: string;
  is_demo: Bool;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AreasTable {
  id: string;
  parent_id: string | null;
  level: string;
  code: string | null;
  name: Json;
  commission: Json | null;
  is_demo: Bool;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StationsTable {
  id: string;
  election_id: string;
  area_id: string;
  region_id: string;
  number: number;
  name: string | null;
  address: string;
  registered_voters: number | null;
  commission: Json | null;
  latitude: number | null;
  longitude: number | null;
  accessibility: string | null;
  polls_open: string | null;
  polls_close: string | null;
  time_zone: string | null;
  search_text: string;
  is_demo: Bool;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ImportsTable {
  id: string;
  kind: string;
  election_id: string | null;
  file_name: string;
  size_bytes: ColumnType<number | string, number, number>;
  format: string;
  created_by: string | null;
  created_at: Timestamp;
  applied_at: Timestamp | null;
  report: Json | null;
  /** Issue 23: the uploaded file in the shared blob store (BLOB_STORE=database or s3). */
  file_sha256: string | null;
}

export interface FormsTable {
  id: string;
  election_id: string;
  code: string;
  kind: string;
  title: Json;
  is_standard: Bool;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FormVersionsTable {
  form_id: string;
  version: number;
  status: string;
  definition: Json;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Timestamp | null;
}

export interface AssignmentsTable {
  id: string;
  election_id: string;
  observer_id: string;
  station_id: string;
  shift: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ReportsTable {
  id: string;
  election_id: string;
  station_id: string;
  form_id: string;
  form_kind: string;
  observer_id: string;
  channel: string;
  latest_revision: number;
  flags: Json;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReportRevisionsTable {
  report_id: string;
  revision: number;
  form_version: number;
  answers: Json;
  photos: Json;
  flags: Json;
  client_time: string | null;
  received_at: Timestamp;
  chain_seq: ColumnType<number | string, number, number>;
  chain_hash: string;
}

export interface ChainHeadTable {
  id: number;
  seq: ColumnType<number | string, number, number>;
  hash: string;
}

export interface PhotosTable {
  sha256: string;
  size_bytes: ColumnType<number | string, number, number>;
  received_bytes: ColumnType<number | string, number, number>;
  content_type: string | null;
  uploaded_by: string | null;
  created_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface StationRecordsTable {
  station_id: string;
  form_kind: string;
  report_id: string;
  decided_by: string | null;
  decided_at: Timestamp;
}

export interface OfficialResultsTable {
  election_id: string;
  station_id: string;
  lines: Json;
  imported_at: Timestamp;
}

export interface OfficialAreaResultsTable {
  election_id: string;
  area_id: string;
  lines: Json;
  imported_at: Timestamp;
}

export interface OfficialTurnoutTable {
  election_id: string;
  scope: string;
  target_id: string;
  checkpoint: string;
  voters: number;
  imported_at: Timestamp;
}

export interface ApplicantsTable {
  id: string;
  election_id: string | null;
  full_name: string;
  /** A `pw1:` AES-256-GCM envelope of the E.164 phone (see field-crypto.ts); never in clear. */
  phone: string;
  email: string | null;
  /** An envelope of the IIN; never in clear. */
  iin: string | null;
  birth_date: string | null;
  area_id: string | null;
  languages: string;
  availability: string;
  experience: string | null;
  referral_source: string | null;
  consent_version: string | null;
  consented_at: Timestamp | null;
  status: string;
  status_reason: string | null;
  /** An envelope of the identity-document number; never in clear. */
  id_document: string | null;
  locale: string;
  user_id: string | null;
  source: string;
  merged_into: string | null;
  /** The name, lower-cased, for search (no phone digits: those are in `phone_hash`). */
  search_text: string;
  /** Keyed HMAC blind indexes for equality lookups (sign-in by SMS sender, duplicates). */
  phone_hash: string | null;
  iin_hash: string | null;
  /** The data key id the envelopes of this row are sealed with (key rotation pages on it). */
  pii_key: string | null;
  anonymised_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApplicantEventsTable {
  id: string;
  applicant_id: string;
  at: Timestamp;
  actor_id: string | null;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  text: string | null;
}

export interface JoinAttemptsTable {
  id: Generated<number | string>;
  scope: string;
  key_hash: string;
  at: Timestamp;
}

export interface ReferralsTable {
  id: string;
  code: string;
  applicant_id: string;
  election_id: string;
  station_id: string;
  locale: string;
  issued_by: string | null;
  issued_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface ReferenceNotesTable {
  id: string;
  election_id: string;
  position: number;
  title: Json;
  body: Json;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReadinessVisitsTable {
  id: string;
  election_id: string;
  observer_id: string;
  station_id: string;
  visit_date: string;
  created_by: string | null;
  created_at: Timestamp;
}

/** The verification queue: a report with a flag or an incident, kept by triggers (issue 17). */
export interface ReportVerificationsTable {
  report_id: string;
  election_id: string;
  station_id: string;
  form_kind: string;
  status: Generated<string>;
  answered: Generated<number>;
  incident_severity: string | null;
  claimed_by: string | null;
  claimed_until: Timestamp | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  comment: string | null;
  changed_at: Timestamp;
}

/** Per station, the reports it is expected to have sent and has not (kept by triggers, issue 17). */
export interface StationAlertsTable {
  election_id: string;
  station_id: string;
  area_id: string;
  /** `time zone|polls open|polls close` of the station, empty parts: the election's. */
  schedule: string;
  /** `opening`, `protocol` or `turnout:HH:MM`. */
  mark: string;
}

/** Per area, schedule and mark of station_alerts, how many stations have it (kept by triggers). */
export interface AreaAlertsTable {
  election_id: string;
  mark: string;
  schedule: string;
  area_id: string;
  stations: number;
}

/** Observers assigned for the opening or voting day, and when they were last heard from (kept by triggers). */
export interface ObserverWatchTable {
  election_id: string;
  observer_id: string;
  heard_at: Timestamp | null;
}

/** Alerts: each turnout report's latest checkpoint time, kept by a trigger (see its migration). */
export interface AlertTurnoutCheckpointsTable {
  report_id: string;
  election_id: string;
  station_id: string;
  checkpoint: string | null;
}

/** The verification queue's counts per election, station and state, kept by triggers. */
export interface VerificationCountsTable {
  election_id: string;
  station_id: string;
  status: string;
  n: number;
}

/** Standing applicants per election, status and area (nil uuid: none), kept by triggers (migration 20261211120000). */
export interface ApplicantCountsTable {
  election_id: string;
  status: string;
  area_id: string;
  n: number;
}

/** The queue's counts per election and state, kept from verification_counts (migration 20261211110000). */
export interface VerificationTotalsTable {
  election_id: string;
  status: string;
  n: number;
}

/** The dashboard's counts kept by triggers (migration 20261207010000-dashboard-counts). */
export interface StationMarksTable {
  election_id: string;
  /** `station`, `r:<report kind>` or `a:<shift>`. */
  mark: string;
  station_id: string;
  n: number;
}
export interface AreaMarksTable {
  election_id: string;
  area_id: string;
  mark: string;
  stations: number;
}
export interface ReportBucketsTable {
  election_id: string;
  area_id: string;
  bucket: Timestamp;
  n: number;
}
export interface ReportFlagCodesTable {
  election_id: string;
  code: string;
  report_id: string;
}
export interface ReadinessLatestTable {
  election_id: string;
  station_id: string;
  report_id: string;
}
export interface ReadinessAnswersTable {
  election_id: string;
  station_id: string;
  question_id: string;
  value: string;
}
export interface ReadinessAnswerCountsTable {
  election_id: string;
  area_id: string;
  question_id: string;
  value: string;
  stations: number;
}
export interface ObserverHeardTable {
  election_id: string;
  observer_id: string;
  last_report_at: Timestamp;
}

/** The remarks register (issue 18): findings addressed to a commission; dates `YYYY-MM-DD`. */
export interface RemarksTable {
  id: string;
  election_id: string;
  number: number;
  commission_level: string;
  area_id: string;
  station_id: string | null;
  origin: string;
  title: string;
  body: string;
  legal_basis: string | null;
  status: Generated<string>;
  sent_on: string | null;
  sent_via: string | null;
  acknowledged_on: string | null;
  answer: string | null;
  answered_on: string | null;
  closed_on: string | null;
  batch_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A remark's evidence: a station and the report revision it was made from. */
export interface RemarkEvidenceTable {
  remark_id: string;
  position: number;
  station_id: string;
  report_id: string | null;
  revision: number | null;
  question_id: string | null;
}

/** The public site's posts: one row per language (issue 19). */
export interface PostsTable {
  id: string;
  translation_group: string;
  language: string;
  slug: string;
  kind: string;
  status: string;
  title: string;
  lead: string;
  body: string;
  cover_sha256: string | null;
  cover_alt: string | null;
  author_kind: string;
  author_name: string | null;
  author_consent: Bool;
  tags: string;
  election_id: string | null;
  submitted_by: string | null;
  publish_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Whether an election's public dashboard (and its quick count) is published. */
export interface PublicDashboardsTable {
  election_id: string;
  slug: string;
  published: Bool;
  quick_count_published: Bool;
  /** The approved resolution version published with the dashboard (issue 19), or null. */
  published_resolution_id: string | null;
  updated_by: string | null;
  updated_at: Timestamp;
}

// ---- The observer school (issue 20) ----

export interface SchoolCoursesTable {
  id: string;
  election_id: string;
  position: number;
  title: Json;
  requires_course_id: string | null;
  published: Bool;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SchoolLessonsTable {
  id: string;
  course_id: string;
  position: number;
  title: Json;
  body: Json;
  version: number;
  updated_by: string | null;
  updated_at: Timestamp;
  /** Set when a trainer removed a lesson volunteers had finished: hidden from learners, kept for their progress. */
  archived_at: Timestamp | null;
}

export interface SchoolQuizzesTable {
  id: string;
  course_id: string;
  position: number;
  current_version: number;
  created_at: Timestamp;
}

export interface SchoolQuizVersionsTable {
  quiz_id: string;
  version: number;
  content: Json;
  created_at: Timestamp;
}

export interface SchoolLinksTable {
  token_hash: string;
  applicant_id: string;
  election_id: string;
  created_at: Timestamp;
}

export interface SchoolAttemptsTable {
  id: string;
  quiz_id: string;
  version: number;
  applicant_id: string;
  seed: ColumnType<number | string, number, number>;
  started_at: Timestamp;
  submitted_at: Timestamp | null;
  answers: ColumnType<unknown, string | null, string | null>;
  results: ColumnType<unknown, string | null, string | null>;
  right_count: number | null;
  total_count: number | null;
  passed: ColumnType<boolean | number | null, boolean | number | null, boolean | number | null>;
}

export interface SchoolAttemptAnswersTable {
  attempt_id: string;
  quiz_id: string;
  version: number;
  question_id: string;
  is_right: Bool;
}

export interface SchoolLessonProgressTable {
  applicant_id: string;
  lesson_id: string;
  completed_at: Timestamp;
}

export interface SchoolClassesTable {
  id: string;
  election_id: string;
  title: Json;
  mode: string;
  starts_at: Timestamp;
  duration_minutes: number;
  place: string | null;
  link: string | null;
  capacity: number;
  area_id: string | null;
  trainer_id: string | null;
  created_at: Timestamp;
}

export interface SchoolSignupsTable {
  id: string;
  class_id: string;
  applicant_id: string;
  state: string;
  attended_at: Timestamp | null;
  reminded_at: Timestamp | null;
  created_at: Timestamp;
}

export interface SchoolRulesTable {
  election_id: string;
  rule: Json;
  updated_at: Timestamp;
}

export interface SchoolCertificatesTable {
  id: string;
  code: string;
  applicant_id: string;
  election_id: string;
  reason: Json;
  issued_at: Timestamp;
  revoked_at: Timestamp | null;
}

/** Issue 20: a question answered on its own during an attempt, fixed once its explanation is shown. */
export interface SchoolAttemptStepsTable {
  attempt_id: string;
  question_id: string;
  option_ids: Json;
  is_right: Bool;
  answered_at: Timestamp;
}

/** Issue 20: a class reminder to one signed-up person; one per class, person and kind. */
export interface SchoolRemindersTable {
  id: string;
  class_id: string;
  applicant_id: string;
  kind: string;
  status: string;
  channel: string | null;
  runner: string | null;
  attempts: Generated<number>;
  claimed_at: Timestamp | null;
  done_at: Timestamp | null;
  done_by: string | null;
  created_at: Timestamp;
}

/** Issue 22: a message the Telegram bot sends on its own (see migration 20261208090000). */
export interface TelegramNoticesTable {
  id: string;
  user_id: string;
  kind: string;
  subject: string;
  election_id: string;
  station_id: string;
  report_id: string | null;
  checkpoint: string | null;
  status: Generated<string>;
  attempts: Generated<number>;
  runner: string | null;
  claimed_at: Timestamp | null;
  done_at: Timestamp | null;
  created_at: Timestamp;
}

/** Issue 23: a file kept in the database, as numbered chunks (see migration 20261207100000). */
export interface BlobChunksTable {
  sha256: string;
  state: 'partial' | 'complete';
  seq: number;
  data: Uint8Array;
}

export interface ExportJobsTable {
  id: string;
  election_id: string;
  kind: string;
  format: string;
  shape: string | null;
  area_id: string | null;
  form_id: string | null;
  requested_by: string;
  status: string;
  rows_done: Generated<number>;
  rows_total: number | null;
  size_bytes: ColumnType<number | string | null, number | null, number | null>;
  error: string | null;
  attempts: Generated<number>;
  runner: string | null;
  heartbeat_at: Timestamp | null;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  expires_at: Timestamp | null;
  /** Issue 23: the finished file in the shared blob store (BLOB_STORE=database). */
  file_sha256: string | null;
}

/** Versions of the resolution to the CEC (issue 18): texts and the data snapshot they were built from. */
export interface ResolutionsTable {
  id: string;
  election_id: string;
  kind: string;
  version: number;
  status: string;
  texts: Json;
  snapshot: Json;
  snapshot_hash: string;
  taken_at: Timestamp;
  chain_seq: ColumnType<number | string | null, number | null, number | null>;
  chain_hash: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  approved_by: string | null;
  approved_at: Timestamp | null;
}

/** The numbered recommendations of an approved final resolution (they outlive the election). */
export interface RecommendationsTable {
  id: string;
  election_id: string;
  resolution_id: string;
  number: number;
  chapter: string;
  text: string;
  created_at: Timestamp;
}

/**
 * An observer's address on a message channel (issue 22): E.164 phone for SMS, chat id for Telegram.
 * Sealed (issue 21): the address is a `pw1` envelope in `address_sealed`, found by its keyed blind
 * index `address_hash` (see ChannelsRepository); `pii_key` is the key of both.
 */
export interface ChannelIdentitiesTable {
  channel: string;
  address_hash: string;
  address_sealed: string | null;
  pii_key: string | null;
  user_id: string;
  created_at: Timestamp;
}

/** The message log (issue 22): every SMS / Telegram message in and out; the sender hashed and masked. */
export interface ChannelMessagesTable {
  id: string;
  channel: string;
  direction: string;
  sender_hash: string;
  sender_mask: string;
  user_id: string | null;
  station_id: string | null;
  report_id: string | null;
  status: string;
  outcome: string;
  text: string;
  created_at: Timestamp;
}

/** A Telegram chat's chosen language and guided-conversation state (issue 22). */
export interface ChannelConversationsTable {
  channel: string;
  /** Sealed like `channel_identities`' address. */
  address_hash: string;
  address_sealed: string | null;
  pii_key: string | null;
  locale: string | null;
  state: string | null;
  updated_at: Timestamp;
}

export interface Database {
  channel_identities: ChannelIdentitiesTable;
  channel_messages: ChannelMessagesTable;
  channel_conversations: ChannelConversationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  invites: InvitesTable;
  audit_log: AuditLogTable;
  sign_in_failures: SignInFailuresTable;
  settings: SettingsTable;
  elections: ElectionsTable;
  areas: AreasTable;
  stations: StationsTable;
  imports: ImportsTable;
  forms: FormsTable;
  form_versions: FormVersionsTable;
  assignments: AssignmentsTable;
  reports: ReportsTable;
  report_revisions: ReportRevisionsTable;
  chain_head: ChainHeadTable;
  photos: PhotosTable;
  station_records: StationRecordsTable;
  official_results: OfficialResultsTable;
  official_area_results: OfficialAreaResultsTable;
  official_turnout: OfficialTurnoutTable;
  applicants: ApplicantsTable;
  school_courses: SchoolCoursesTable;
  school_lessons: SchoolLessonsTable;
  school_quizzes: SchoolQuizzesTable;
  school_quiz_versions: SchoolQuizVersionsTable;
  school_links: SchoolLinksTable;
  school_attempts: SchoolAttemptsTable;
  school_attempt_answers: SchoolAttemptAnswersTable;
  school_lesson_progress: SchoolLessonProgressTable;
  school_classes: SchoolClassesTable;
  school_signups: SchoolSignupsTable;
  school_rules: SchoolRulesTable;
  school_certificates: SchoolCertificatesTable;
  school_attempt_steps: SchoolAttemptStepsTable;
  school_reminders: SchoolRemindersTable;
  telegram_notices: TelegramNoticesTable;
  applicant_events: ApplicantEventsTable;
  join_attempts: JoinAttemptsTable;
  referrals: ReferralsTable;
  reference_notes: ReferenceNotesTable;
  alert_turnout_checkpoints: AlertTurnoutCheckpointsTable;
  station_alerts: StationAlertsTable;
  area_alerts: AreaAlertsTable;
  observer_watch: ObserverWatchTable;
  report_verifications: ReportVerificationsTable;
  verification_counts: VerificationCountsTable;
  verification_totals: VerificationTotalsTable;
  applicant_counts: ApplicantCountsTable;
  station_marks: StationMarksTable;
  area_marks: AreaMarksTable;
  report_buckets: ReportBucketsTable;
  report_flag_codes: ReportFlagCodesTable;
  readiness_latest: ReadinessLatestTable;
  readiness_answers: ReadinessAnswersTable;
  readiness_answer_counts: ReadinessAnswerCountsTable;
  observer_heard: ObserverHeardTable;
  readiness_visits: ReadinessVisitsTable;
  resolutions: ResolutionsTable;
  recommendations: RecommendationsTable;
  export_jobs: ExportJobsTable;
  blob_chunks: BlobChunksTable;
  posts: PostsTable;
  public_dashboards: PublicDashboardsTable;
  remarks: RemarksTable;
  remark_evidence: RemarkEvidenceTable;
}
