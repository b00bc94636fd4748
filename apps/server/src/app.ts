import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { Store } from '@pollwatch/db';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { UsersService } from './accounts/users.service.ts';
import { AuditLogService } from './audit/audit-log.service.ts';
import { AuthService } from './auth/auth.service.ts';
import type { Config } from './config.ts';
import { installRouteAccessCheck, installSessionAndAccess } from './http/access-control.ts';
import { installErrorHandler, sendError } from './http/error-handler.ts';
import { loggerOptions } from './http/logging.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import './http/request-context.ts';
import { prepareAnalysisWorker, stopAnalysisWorker } from './analysis/analysis-worker.ts';
import { QuickCountService } from './analysis/quick-count.service.ts';
import { ResultsAnalysisService } from './analysis/results-analysis.service.ts';
import { ChannelsService } from './channels/channels.service.ts';
import { HttpGatewaySender, LogMessageSender } from './channels/message-sender.ts';
import { TelegramBot } from './channels/telegram-bot.ts';
import { TelegramConversations } from './channels/telegram-conversation.ts';
import { TelegramNoticeRunner } from './channels/telegram-notices.ts';
import { ElectionsService } from './elections/elections.service.ts';
import { ExportRunner } from './exports/export-runner.ts';
import { ExportsService } from './exports/exports.service.ts';
import { ReportDocumentsService } from './exports/report-documents.service.ts';
import { FormsService } from './forms/forms.service.ts';
import { installValidation } from './http/validation.ts';
import { importWorkerFor } from './imports/import-worker.ts';
import { ImportsService } from './imports/imports.service.ts';
import { AlertsService } from './operations/alerts.service.ts';
import { AssignmentProposalsService } from './operations/assignment-proposals.service.ts';
import { CoverageService } from './operations/coverage.service.ts';
import { OverviewService } from './operations/overview.service.ts';
import { ReadinessService } from './operations/readiness.service.ts';
import { VerificationService } from './operations/verification.service.ts';
import { CoverImages } from './publishing/cover-images.ts';
import { PostsService } from './publishing/posts.service.ts';
import { PublicDashboardService } from './publishing/public-dashboard.service.ts';
import { PublicPostsService } from './publishing/public-posts.service.ts';
import { ApplicantsService } from './recruitment/applicants.service.ts';
import { JoinService } from './recruitment/join.service.ts';
import { ReferralsService } from './recruitment/referrals.service.ts';
import { ReferenceNotesService } from './reference/reference-notes.service.ts';
import { RemarksService } from './remarks/remarks.service.ts';
import { AnswerLines } from './reports/answer-lines.ts';
import { AssignmentsService } from './reports/assignments.service.ts';
import { ConflictsService } from './reports/conflicts.ts';
import { FieldPackService } from './reports/field-pack.ts';
import { IngestService } from './reports/ingest.service.ts';
import { LiveStreams } from './reports/live-streams.ts';
import { photoWriterFor } from './reports/photo-writes.ts';
import { PhotosService } from './reports/photos.service.ts';
import { ReportEvents } from './reports/report-events.ts';
import { reportWriterFor } from './reports/report-writer.ts';
import { ReportsService } from './reports/reports.service.ts';
import { ResolutionService } from './resolution/resolution.service.ts';
import { alertsRoutes } from './routes/alerts.routes.ts';
import { assignmentProposalsRoutes } from './routes/assignment-proposals.routes.ts';
import { assignmentsRoutes } from './routes/assignments.routes.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { channelsRoutes } from './routes/channels.routes.ts';
import { courseFolderRoutes } from './routes/course-folder.routes.ts';
import { coverageRoutes } from './routes/coverage.routes.ts';
import { electionsRoutes } from './routes/elections.routes.ts';
import { exportsRoutes, reportDocumentsRoutes } from './routes/exports.routes.ts';
import { formsRoutes } from './routes/forms.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { importsRoutes } from './routes/imports.routes.ts';
import { meRoutes } from './routes/me.routes.ts';
import { overviewRoutes } from './routes/overview.routes.ts';
import { postsRoutes } from './routes/posts.routes.ts';
import { publicRoutes } from './routes/public.routes.ts';
import { publicSiteRoutes } from './routes/public-site.routes.ts';
import { readinessRoutes } from './routes/readiness.routes.ts';
import { recruitmentRoutes } from './routes/recruitment.routes.ts';
import { referenceNotesRoutes } from './routes/reference-notes.routes.ts';
import { remarksRoutes } from './routes/remarks.routes.ts';
import { reportsRoutes } from './routes/reports.routes.ts';
import { resolutionRoutes } from './routes/resolution.routes.ts';
import { resultsRoutes } from './routes/results.routes.ts';
import { schoolRoutes } from './routes/school.routes.ts';
import { schoolLinksRoutes } from './routes/school-links.routes.ts';
import { schoolPlacesRoutes } from './routes/school-places.routes.ts';
import { territoryRoutes } from './routes/territory.routes.ts';
import { usersRoutes } from './routes/users.routes.ts';
import { verificationRoutes } from './routes/verification.routes.ts';
import { CourseFolderService } from './school/course-folder.service.ts';
import { ReminderRunner, TelegramSender } from './school/reminder-runner.ts';
import { SchoolService } from './school/school.service.ts';
import { SchoolFieldService } from './school/school-field.service.ts';
import { SchoolLinksService } from './school/school-links.service.ts';
import { SchoolPlacesService } from './school/school-places.service.ts';
import { createBlobStore } from './storage/blob-store.ts';
import { AreasService } from './territory/areas.service.ts';
import { StationsService } from './territory/stations.service.ts';
import { TerritoryExports } from './territory/territory-exports.ts';

export interface AppDeps {
  store: Store;
  config: Config;
  /** Injected so tests can move time (session expiry, throttling windows). */
  now?: () => Date;
  logger?: FastifyServerOptions['logger'];
}

export interface App {
  app: FastifyInstance;
  auth: AuthService;
  /** For the housekeeping: orphan uploads are removed periodically. */
  photos: PhotosService;
  /** Every method + URL registered, for the route-access tests. */
  routes: string[];
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const { store, config } = deps;
  const now = deps.now ?? (() => new Date());
  const app = Fastify({
    logger: deps.logger ?? loggerOptions(config.logLevel),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Request ids in logs tie a user's report to server lines without naming the user.
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: false } },
  });
  const routes: string[] = [];
  installRouteAccessCheck(app, routes);
  installValidation(app);
  installErrorHandler(app);

  const auth = new AuthService(store, config, now);
  const users = new UsersService(store, now, auth.sessions);
  const elections = new ElectionsService(store, now);
  const areas = new AreasService(store, now);
  const stations = new StationsService(store, now);
  const imports = new ImportsService(
    store,
    config.dataDir,
    now,
    config.importMaxBytes,
    store.dialect === 'sqlite' && store.connection?.sqliteFile
      ? importWorkerFor(store.connection.sqliteFile, config.dataDir, config.importMaxBytes, store.keyring)
      : undefined,
    // Uploads wait for their apply where every process finds them (issue 23).
    createBlobStore(store, config.dataDir, config.blobStore, config.s3),
  );
  const cookies = { publicUrl: config.publicUrl };
  // Photos on this host's disk, or in the database every process shares (BLOB_STORE, issue 23).
  const blobs = createBlobStore(store, config.dataDir, config.blobStore, config.s3);
  // One writer for reports and, on SQLite in a file, photos' rows: its own thread (issue 23).
  const reportWriter = reportWriterFor(store);
  const photos = new PhotosService(store, blobs, now, photoWriterFor(store, reportWriter));

  // The API speaks JSON only (file uploads get their own routes and parsers).
  app.removeContentTypeParser('text/plain');
  await app.register(fastifyCookie);
  // Security headers. The app loads nothing from other origins, so the policy can be strict.
  installSecurityHeaders(app, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'manifest-src': ["'self'"],
        'worker-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    // HSTS only when the deployment says it is served over HTTPS.
    strictTransportSecurity: config.publicUrl?.startsWith('https:') ? { maxAge: 31_536_000 } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'pollwatch API',
        version: '1',
        description: 'Errors are { "error": { "code", "message", "details" } }; UIs translate the code.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'pw_session' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  installSessionAndAccess(app, { auth, store, now, publicUrl: config.publicUrl });

  await app.register(healthRoutes, { readiness: () => store.readiness() });
  await app.register(authRoutes, { auth, cookies });
  await app.register(meRoutes, { auth, users });
  await app.register(usersRoutes, { auth, users });
  await app.register(auditRoutes, { auditLog: new AuditLogService(store) });
  await app.register(electionsRoutes, { elections });
  await app.register(territoryRoutes, { areas, stations, exports: new TerritoryExports(store, now) });
  await app.register(importsRoutes, { imports });
  await app.register(formsRoutes, { forms: new FormsService(store, now) });
  await app.register(recruitmentRoutes, {
    join: new JoinService(store, elections, now),
    applicants: new ApplicantsService(store, auth, now),
    referrals: new ReferralsService(store, config.publicUrl, now),
  });
  app.addHook('onClose', async () => stopAnalysisWorker());
  await app.register(resultsRoutes, {
    analysis: new ResultsAnalysisService(store),
    quickCount: new QuickCountService(store, now),
  });
  const events = new ReportEvents(store.broadcast?.('reports'));
  const ingest = new IngestService(store, events, now, reportWriter);
  app.addHook('onReady', async () => {
    // Worker threads' code is bundled now; each thread starts with its first report or analysis.
    await Promise.all([store.connection ? prepareAnalysisWorker() : undefined, ingest.start(), events.start()]);
  });
  app.addHook('onClose', async () => {
    await Promise.all([ingest.close(), events.stop()]);
  });
  app.addHook('onClose', async () => auth.flushExtensions());
  const channelsConfig = config.channels;
  const smsSender = channelsConfig.smsGatewayUrl
    ? new HttpGatewaySender({
        url: channelsConfig.smsGatewayUrl,
        token: channelsConfig.smsGatewayToken,
        toField: channelsConfig.smsGatewayToField,
        textField: channelsConfig.smsGatewayTextField,
      })
    : new LogMessageSender((entry, msg) => app.log.info(entry, msg));
  const channels = new ChannelsService(
    store,
    ingest,
    smsSender,
    now,
    { dedupeWindowSeconds: channelsConfig.messageDedupeSeconds },
    (entry, msg) => app.log.warn(entry, msg),
  );
  const bot = channelsConfig.telegramBotToken
    ? new TelegramBot(
        new TelegramConversations(store, channels, ingest, photos, now, (entry, msg) => app.log.warn(entry, msg)),
        {
          token: channelsConfig.telegramBotToken,
          apiBase: channelsConfig.telegramApiBase,
          pollSeconds: channelsConfig.telegramPollSeconds,
          webhookUrl: channelsConfig.telegramWebhookUrl,
          webhookSecret: channelsConfig.telegramWebhookSecret,
        },
        (entry, msg) => app.log.warn(entry, msg),
      )
    : undefined;
  app.addHook('onReady', async () => bot?.start());
  app.addHook('onClose', async () => bot?.stop());
  // Follow-up requests and turnout reminders by Telegram (issue 22), when a bot is configured.
  const telegramNotices = channelsConfig.telegramBotToken
    ? new TelegramNoticeRunner(
        store,
        channels,
        { token: channelsConfig.telegramBotToken, apiBase: channelsConfig.telegramApiBase },
        now,
        {},
        (entry, msg) => app.log.warn(entry, msg),
      )
    : undefined;
  if (config.runJobs !== false) app.addHook('onReady', async () => telegramNotices?.start());
  app.addHook('onClose', async () => telegramNotices?.stop());
  await app.register(channelsRoutes, {
    channels,
    telegram: { botName: channelsConfig.telegramBotName },
    telegramWebhook:
      bot && channelsConfig.telegramWebhookUrl
        ? { secret: channelsConfig.telegramWebhookSecret, receive: (update) => bot.receive(update) }
        : undefined,
    now,
    sms: {
      secret: channelsConfig.smsWebhookSecret,
      hmac: {
        secret: channelsConfig.smsWebhookHmacSecret,
        signatureHeader: channelsConfig.smsWebhookSignatureHeader,
        timestampHeader: channelsConfig.smsWebhookTimestampHeader,
        maxAgeSeconds: channelsConfig.smsWebhookMaxAgeSeconds,
      },
      fields: { from: channelsConfig.smsFromField, text: channelsConfig.smsTextField },
    },
  });
  const answerLines = new AnswerLines(store);
  const fieldPack = new FieldPackService(store, elections, now);
  await app.register(reportsRoutes, {
    reports: new ReportsService(store, elections, events, new ConflictsService(store, answerLines, now), answerLines),
    fieldPack,
    ingest,
    photos,
    live: new LiveStreams((tokenHash) => auth.stillSignedIn(tokenHash)),
  });
  await app.register(assignmentsRoutes, { assignments: new AssignmentsService(store, now) });
  await app.register(referenceNotesRoutes, { notes: new ReferenceNotesService(store, now, fieldPack) });
  await app.register(schoolRoutes, { school: new SchoolService(store, config.publicUrl, now) });
  await app.register(courseFolderRoutes, { folders: new CourseFolderService(store, now) });
  const schoolLinks = new SchoolLinksService(store, config.publicUrl, now);
  await app.register(schoolLinksRoutes, { links: schoolLinks });
  await app.register(schoolPlacesRoutes, {
    places: new SchoolPlacesService(store, now),
    field: new SchoolFieldService(store, schoolLinks, fieldPack),
  });
  // Class reminders (issue 20): Telegram if linked, SMS through a configured gateway, else a call.
  const reminders = new ReminderRunner(
    store,
    {
      sms: channelsConfig.smsGatewayUrl ? smsSender : undefined,
      telegram: channelsConfig.telegramBotToken
        ? new TelegramSender({ token: channelsConfig.telegramBotToken, apiBase: channelsConfig.telegramApiBase })
        : undefined,
    },
    now,
    {},
    (entry, msg) => app.log.warn(entry, msg),
  );
  if (config.runJobs !== false) app.addHook('onReady', async () => reminders.start());
  app.addHook('onClose', async () => reminders.stop());
  await app.register(assignmentProposalsRoutes, { proposals: new AssignmentProposalsService(store, elections, now) });
  await app.register(alertsRoutes, { alerts: new AlertsService(store, elections, now) });
  await app.register(overviewRoutes, { overview: new OverviewService(store, elections, now) });
  await app.register(verificationRoutes, { verification: new VerificationService(store, elections, now) });
  await app.register(readinessRoutes, { readiness: new ReadinessService(store, elections, now) });
  await app.register(coverageRoutes, { coverage: new CoverageService(store, elections) });
  const resolutions = new ResolutionService(
    {
      store,
      elections,
      readiness: new ReadinessService(store, elections, now),
      analysis: new ResultsAnalysisService(store),
      quickCount: new QuickCountService(store, now),
    },
    now,
  );
  await app.register(resolutionRoutes, { resolutions });
  await app.register(remarksRoutes, { remarks: new RemarksService(store, now, blobs) });
  // Issue 19, the public site: editors' posts, public dashboards, and the server-rendered pages.
  {
    const covers = new CoverImages(config.dataDir);
    const analysis = new ResultsAnalysisService(store);
    const dashboards = new PublicDashboardService(store, analysis, new QuickCountService(store, now), now, resolutions);
    const publicPosts = new PublicPostsService(store, covers, now);
    await app.register(postsRoutes, { posts: new PostsService(store, covers, now), dashboards });
    await app.register(publicRoutes, { posts: publicPosts, dashboards });
    await app.register(publicSiteRoutes, {
      posts: publicPosts,
      dashboards,
      volunteers: () => store.applicants.count(),
      setupNeeded: () => auth.setupNeeded(),
      publicUrl: config.publicUrl,
    });
  }
  // Background exports (issue 18): jobs in the database, files under <dataDir>/exports.
  const exportRunner = new ExportRunner(store, blobs, config.dataDir, now);
  exportRunner.onError = (error) =>
    app.log.error({ err: { name: error instanceof Error ? error.name : 'unknown' } }, 'export failed');
  // RUN_JOBS=false: a process that only serves requests; the jobs it queues run in another one.
  if (config.runJobs !== false) app.addHook('onReady', async () => exportRunner.start());
  app.addHook('onClose', async () => exportRunner.stop());
  await app.register(exportsRoutes, { exports: new ExportsService(store, exportRunner, now) });
  await app.register(reportDocumentsRoutes, {
    documents: new ReportDocumentsService(store, new ReadinessService(store, elections, now), now),
  });
  await registerWebApp(app, config.webDist, auth);

  return { app, auth, photos, routes };
}

/**
 * The built React app: files from dist, and index.html for every client-side route. The route is
 * registered even before the app is built, so access checks and tests see the same routes.
 */
async function registerWebApp(app: FastifyInstance, webDist: string, auth: AuthService): Promise<void> {
  const built = existsSync(join(webDist, 'index.html'));
  // serve: false — we route ourselves and use reply.sendFile, which refuses paths outside dist.
  await app.register(fastifyStatic, { root: webDist, serve: false });

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path === '/api' || path.startsWith('/api/')) return sendError(reply, 'not_found', `no route GET ${path}`);
    // After the first admin exists, /setup is gone.
    if (path === '/setup' && !(await auth.setupNeeded())) return reply.redirect('/sign-in', 303);
    if (!built) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built. Run `npm run build` (npm start does it for you).');
    }
    const lastSegment = path.split('/').pop() ?? '';
    if (lastSegment.includes('.')) {
      // Vite puts a content hash in every asset name under /assets: cache those for a year.
      const immutable = path.startsWith('/assets/');
      return reply.sendFile(decodeURIComponent(path.slice(1)), {
        immutable,
        maxAge: immutable ? 365 * 24 * 3600_000 : 0,
      });
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`),
  );
}
