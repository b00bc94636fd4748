export { backupSqliteFile, postgresSchemaIsEmpty, sqliteFileIsEmpty } from './backup.ts';
export { type Broadcast, MAX_BROADCAST_BYTES } from './broadcast.ts';
export { type DatabaseConfig, type Db, type DialectName, isPostgresUrl, openDatabase } from './database.ts';
export { DataKeyError, DataKeyring, generateDataKeyLine, parseDataKeys } from './field-crypto.ts';
export { type MigrateOptions, type MigrationReport, migrateToLatest, pendingMigrations } from './migrate.ts';
export { migrations } from './migrations/index.ts';
export type { AlertStation, Counted, ScheduleGroup } from './repositories/alerts.repository.ts';
export { scheduleKey } from './repositories/alerts.repository.ts';
export type { ApplicantData, ApplicantFilter, ApplicantPatch } from './repositories/applicants.repository.ts';
export type { AreaData } from './repositories/areas.repository.ts';
export type {
  ProposalObserverFacts,
  ProposalStationFacts,
} from './repositories/assignment-proposals.repository.ts';
export type { AssignmentView } from './repositories/assignments.repository.ts';
export type { AuditFilter } from './repositories/audit.repository.ts';
export type { BlobState } from './repositories/blobs.repository.ts';
export type {
  ChannelLink,
  ChannelMessage,
  ChannelMessageFilter,
  ChannelObserver,
  MessageChannel,
  MessageStatus,
  NewChannelMessage,
} from './repositories/channels.repository.ts';
export type { CoverageFilter, CoverageWhere } from './repositories/coverage.repository.ts';
export type { DemoCounts, DemoRemoval } from './repositories/demo.repository.ts';
export type { ElectionData } from './repositories/elections.repository.ts';
export type {
  ExportFilter,
  ExportReport,
  ExportRevision,
  ExportRow,
  ExportRowReader,
  NewExportJob,
  StoredExportJob,
} from './repositories/exports.repository.ts';
export type { StoredForm, StoredFormVersion } from './repositories/forms.repository.ts';
export type { ImportRecord } from './repositories/imports.repository.ts';
export type { NewPost, PostPatch } from './repositories/posts.repository.ts';
export type { DashboardRow } from './repositories/public-dashboard.repository.ts';
export type { AnswerCount, ReadinessWhere, StationFilter } from './repositories/readiness.repository.ts';
export type { StoredReferral } from './repositories/referrals.repository.ts';
export type {
  NewRemark,
  RemarkFilter,
  RemarkPatch,
  RemarkStatusCounts,
} from './repositories/remarks.repository.ts';
export type {
  ChainRow,
  LatestAnswers,
  NewRevision,
  StoredReport,
  StoredRevision,
} from './repositories/reports.repository.ts';
export type {
  NewResolution,
  StoredRecommendation,
  StoredResolution,
} from './repositories/resolution.repository.ts';
export type {
  IncidentCountRow,
  IncidentExampleRow,
  StationAnnexRow,
} from './repositories/resolution-data.repository.ts';
export type {
  OfficialAreaTotalRow,
  OfficialResultPageRow,
  OfficialResultRow,
  OfficialTurnoutRow,
  OfficialTurnoutScope,
} from './repositories/results.repository.ts';
export type {
  RosterEntry,
  SchoolAttempt,
  SchoolCertificate,
  SchoolClass,
  SchoolCourse,
  SchoolLesson,
  SchoolQuiz,
  SchoolSignup,
  SignupState,
} from './repositories/school.repository.ts';
export type {
  AttemptStep,
  ReminderContact,
  ReminderListItem,
  ReminderStatus,
  StoredReminder,
} from './repositories/school-places.repository.ts';
export type { StoredSession } from './repositories/sessions.repository.ts';
export type { StationData, StationSearch } from './repositories/stations.repository.ts';
export type {
  TelegramNotice,
  TelegramNoticeKind,
  TelegramNoticeStatus,
} from './repositories/telegram-notices.repository.ts';
export type { NewUser, UserFilter, UserPatch } from './repositories/users.repository.ts';
export { type JoinScope, Store, type ThrottleScope } from './store.ts';
