import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Broadcast } from './broadcast.ts';
import type { DatabaseConfig, Db, DialectName } from './database.ts';
import { DataKeyring } from './field-crypto.ts';
import { pendingMigrations } from './migrate.ts';
import { AlertsRepository } from './repositories/alerts.repository.ts';
import { ApplicantsRepository } from './repositories/applicants.repository.ts';
import { AreasRepository } from './repositories/areas.repository.ts';
import { AssignmentProposalsRepository } from './repositories/assignment-proposals.repository.ts';
import { AssignmentsRepository } from './repositories/assignments.repository.ts';
import { AuditRepository } from './repositories/audit.repository.ts';
import { BlobsRepository } from './repositories/blobs.repository.ts';
import { ChannelsRepository } from './repositories/channels.repository.ts';
import { CoverageRepository } from './repositories/coverage.repository.ts';
import { DemoRepository } from './repositories/demo.repository.ts';
import { ElectionsRepository } from './repositories/elections.repository.ts';
import { ExportsRepository } from './repositories/exports.repository.ts';
import { FormsRepository } from './repositories/forms.repository.ts';
import { ImportsRepository } from './repositories/imports.repository.ts';
import { InvitesRepository } from './repositories/invites.repository.ts';
import { KeyedEventsRepository } from './repositories/keyed-events.repository.ts';
import { OverviewRepository } from './repositories/overview.repository.ts';
import { PostsRepository } from './repositories/posts.repository.ts';
import { PublicDashboardRepository } from './repositories/public-dashboard.repository.ts';
import { ReadinessRepository } from './repositories/readiness.repository.ts';
import { ReferenceNotesRepository } from './repositories/reference-notes.repository.ts';
import { ReferralsRepository } from './repositories/referrals.repository.ts';
import { RemarksRepository } from './repositories/remarks.repository.ts';
import { ReportsRepository } from './repositories/reports.repository.ts';
import { ResolutionRepository } from './repositories/resolution.repository.ts';
import { ResolutionDataRepository } from './repositories/resolution-data.repository.ts';
import { ResultsRepository } from './repositories/results.repository.ts';
import { SchoolRepository } from './repositories/school.repository.ts';
import { SchoolPlacesRepository } from './repositories/school-places.repository.ts';
import { SessionsRepository } from './repositories/sessions.repository.ts';
import { SettingsRepository } from './repositories/settings.repository.ts';
import { StationsRepository } from './repositories/stations.repository.ts';
import { TelegramNoticesRepository } from './repositories/telegram-notices.repository.ts';
import { UsersRepository } from './repositories/users.repository.ts';
import { VerificationRepository } from './repositories/verification.repository.ts';
import type { Database } from './schema.ts';

/**
 * Failed sign-ins are counted per account (browsers without a device cookie), per known device,
 * per IP and per IP redeeming invite codes.
 */
export type ThrottleScope = 'account' | 'device' | 'ip' | 'invite-ip' | 'message-sender';
/** Sign-up attempts are counted per IP (IPv6 per /64) and per phone; a used form token is kept once. */
export type JoinScope = 'join-ip' | 'join-phone' | 'join-token';

/** The repositories over one connection or one transaction. */
export class Store {
  readonly users: UsersRepository;
  readonly sessions: SessionsRepository;
  readonly invites: InvitesRepository;
  readonly audit: AuditRepository;
  readonly signInFailures: KeyedEventsRepository<ThrottleScope>;
  readonly channels: ChannelsRepository;
  readonly telegramNotices: TelegramNoticesRepository;
  readonly settings: SettingsRepository;
  readonly elections: ElectionsRepository;
  readonly areas: AreasRepository;
  readonly stations: StationsRepository;
  readonly imports: ImportsRepository;
  readonly forms: FormsRepository;
  readonly assignments: AssignmentsRepository;
  readonly reports: ReportsRepository;
  readonly results: ResultsRepository;
  readonly applicants: ApplicantsRepository;
  readonly school: SchoolRepository;
  readonly schoolPlaces: SchoolPlacesRepository;
  readonly joinAttempts: KeyedEventsRepository<JoinScope>;
  readonly referrals: ReferralsRepository;
  readonly referenceNotes: ReferenceNotesRepository;
  readonly alerts: AlertsRepository;
  readonly assignmentProposals: AssignmentProposalsRepository;
  readonly demo: DemoRepository;
  readonly verification: VerificationRepository;
  readonly overview: OverviewRepository;
  readonly coverage: CoverageRepository;
  readonly stationReadiness: ReadinessRepository;
  readonly resolutions: ResolutionRepository;
  readonly resolutionData: ResolutionDataRepository;
  readonly exports: ExportsRepository;
  readonly blobs: BlobsRepository;
  readonly posts: PostsRepository;
  readonly publicDashboards: PublicDashboardRepository;
  readonly remarks: RemarksRepository;

  constructor(
    private readonly kysely: Kysely<Database>,
    readonly dialect: DialectName,
    /** How work on another thread opens its own connection here (none for SQLite in memory). */
    readonly connection?: DatabaseConfig,
    /** PostgreSQL: messages to every server process on the database. */
    readonly broadcast?: (topic: string) => Broadcast,
    /** Seals and opens personal data at rest (phones, IINs, document numbers): only repositories use it. */
    readonly keyring: DataKeyring = new DataKeyring(),
  ) {
    this.users = new UsersRepository(kysely, dialect);
    this.sessions = new SessionsRepository(kysely, dialect);
    this.invites = new InvitesRepository(kysely, dialect);
    this.audit = new AuditRepository(kysely, dialect);
    this.signInFailures = new KeyedEventsRepository(kysely, dialect, 'sign_in_failures');
    this.channels = new ChannelsRepository(kysely, dialect, keyring);
    this.telegramNotices = new TelegramNoticesRepository(kysely, dialect, keyring);
    this.settings = new SettingsRepository(kysely, dialect);
    this.elections = new ElectionsRepository(kysely, dialect);
    this.areas = new AreasRepository(kysely, dialect);
    this.stations = new StationsRepository(kysely, dialect);
    this.imports = new ImportsRepository(kysely, dialect);
    this.forms = new FormsRepository(kysely, dialect);
    this.assignments = new AssignmentsRepository(kysely, dialect, keyring);
    this.reports = new ReportsRepository(kysely, dialect);
    this.results = new ResultsRepository(kysely, dialect);
    this.applicants = new ApplicantsRepository(kysely, dialect, keyring);
    this.school = new SchoolRepository(kysely, dialect);
    this.schoolPlaces = new SchoolPlacesRepository(kysely, dialect, keyring);
    this.joinAttempts = new KeyedEventsRepository(kysely, dialect, 'join_attempts');
    this.referrals = new ReferralsRepository(kysely, dialect);
    this.referenceNotes = new ReferenceNotesRepository(kysely, dialect);
    this.alerts = new AlertsRepository(kysely, dialect);
    this.assignmentProposals = new AssignmentProposalsRepository(kysely, dialect);
    this.demo = new DemoRepository(kysely, dialect);
    this.verification = new VerificationRepository(kysely, dialect);
    this.overview = new OverviewRepository(kysely, dialect);
    this.coverage = new CoverageRepository(kysely, dialect);
    this.stationReadiness = new ReadinessRepository(kysely, dialect);
    this.resolutions = new ResolutionRepository(kysely, dialect);
    this.resolutionData = new ResolutionDataRepository(kysely, dialect);
    this.exports = new ExportsRepository(kysely, dialect);
    this.blobs = new BlobsRepository(kysely, dialect);
    this.posts = new PostsRepository(kysely, dialect);
    this.publicDashboards = new PublicDashboardRepository(kysely, dialect);
    this.remarks = new RemarksRepository(kysely, dialect);
  }

  static over(db: Db): Store {
    return new Store(db.kysely, db.dialect, db.connection, db.broadcast, db.keyring);
  }

  /** Runs `work` in one transaction: all its writes land together or not at all. */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    return this.kysely
      .transaction()
      .execute((trx) => work(new Store(trx, this.dialect, undefined, undefined, this.keyring)));
  }

  /** For /readyz: the database answers and no migration is pending. */
  async readiness(): Promise<{ ok: boolean; pending: string[] }> {
    await sql`select 1`.execute(this.kysely);
    const pending = await pendingMigrations(this.kysely);
    return { ok: pending.length === 0, pending };
  }
}
