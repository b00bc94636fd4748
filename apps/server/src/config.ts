import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrustProxy, type TrustProxy } from './auth/client-address.ts';
import { type BlobStoreKind, blobStoreKind } from './storage/blob-store.ts';
import { type S3Config, s3ConfigFromEnv } from './storage/s3-blob-store.ts';

/** Everything configurable, read once from the environment (see the README's table). */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** The public origin (https://observe.example.kz). Makes cookies Secure when https. */
  publicUrl: string | undefined;
  /** Hops or proxy addresses whose X-Forwarded-For is believed (see `parseTrustProxy`). */
  trustProxy: TrustProxy;
  logLevel: string;
  webDist: string;
  staffSessionHours: number;
  observerSessionDays: number;
  inviteDays: number;
  bodyLimitBytes: number;
  /** Largest CSV/XLSX file an import accepts. */
  importMaxBytes: number;
  /** Where photos are kept: this host's disk, or the database every process shares (BLOB_STORE). */
  blobStore?: BlobStoreKind;
  /** The bucket, with BLOB_STORE=s3 (S3_ENDPOINT, S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, …). */
  s3?: S3Config | undefined;
  /** false: this process serves requests only; other processes run the background jobs (RUN_JOBS). */
  runJobs?: boolean;
  /** SMS and Telegram reports (issue 22; README "Reports by SMS and Telegram"). */
  channels: ChannelsConfig;
  /** Keys of personal data at rest, `id:base64,…`, first active (DATA_KEYS; README "Personal data at rest"). */
  dataKeys?: string | undefined;
  /**
   * Where the keys are read from without DATA_KEYS; created 0600 on first run (DATA_KEY_FILE, by
   * default `<DATA_DIR>.keys` beside the data folder, never inside it: see `defaultDataKeyFile`).
   */
  dataKeyFile?: string;
}

export interface ChannelsConfig {
  /** Shared secret of the inbound SMS webhook; unset (and no HMAC secret): every call is refused. */
  smsWebhookSecret: string;
  /** HMAC-SHA256 secret: when set, every call must be signed (`<timestamp>.<raw body>`, hex). */
  smsWebhookHmacSecret: string;
  smsWebhookSignatureHeader: string;
  smsWebhookTimestampHeader: string;
  /** A signed call older (or newer) than this is a replay and refused. */
  smsWebhookMaxAgeSeconds: number;
  /** The gateway's field names for the sender and the text. */
  smsFromField: string;
  smsTextField: string;
  /** Outbound replies: the gateway's send URL (unset: replies are only logged). */
  smsGatewayUrl: string | undefined;
  smsGatewayToken: string | undefined;
  smsGatewayToField: string;
  smsGatewayTextField: string;
  /** The same text from the same sender within this many seconds is recorded once. */
  messageDedupeSeconds: number;
  /** Telegram bot by long polling; unset token: no bot. */
  telegramBotToken: string | undefined;
  telegramApiBase: string;
  telegramBotName: string | undefined;
  telegramPollSeconds: number;
  /** Webhook mode: Telegram pushes updates to `<this URL>` (the server's `/api/v1/channels/telegram/webhook`). */
  telegramWebhookUrl: string | undefined;
  /** Sent by Telegram in `X-Telegram-Bot-Api-Secret-Token`; required with a webhook URL. */
  telegramWebhookSecret: string;
}

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.DATA_DIR ?? resolve(repoRoot, 'data'));
  return {
    port: int('PORT', env.PORT, 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    publicUrl: env.PUBLIC_URL || undefined,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL ?? 'info',
    webDist: resolve(env.WEB_DIST ?? resolve(repoRoot, 'apps/web/dist')),
    staffSessionHours: int('STAFF_SESSION_HOURS', env.STAFF_SESSION_HOURS, 12),
    observerSessionDays: int('OBSERVER_SESSION_DAYS', env.OBSERVER_SESSION_DAYS, 60),
    inviteDays: int('INVITE_DAYS', env.INVITE_DAYS, 14),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', env.BODY_LIMIT_BYTES, 1024 * 1024),
    importMaxBytes: int('IMPORT_MAX_BYTES', env.IMPORT_MAX_BYTES, 200 * 1024 * 1024),
    blobStore: blobStoreKind(env.BLOB_STORE),
    s3: blobStoreKind(env.BLOB_STORE) === 's3' ? s3ConfigFromEnv(env) : undefined,
    runJobs: env.RUN_JOBS !== 'false',
    dataKeys: env.DATA_KEYS || undefined,
    dataKeyFile: resolve(env.DATA_KEY_FILE || defaultDataKeyFile(dataDir)),
    channels: {
      smsWebhookSecret: env.SMS_WEBHOOK_SECRET ?? '',
      smsWebhookHmacSecret: env.SMS_WEBHOOK_HMAC_SECRET ?? '',
      smsWebhookSignatureHeader: (env.SMS_WEBHOOK_SIGNATURE_HEADER || 'x-signature').toLowerCase(),
      smsWebhookTimestampHeader: (env.SMS_WEBHOOK_TIMESTAMP_HEADER || 'x-timestamp').toLowerCase(),
      smsWebhookMaxAgeSeconds: int('SMS_WEBHOOK_MAX_AGE_SECONDS', env.SMS_WEBHOOK_MAX_AGE_SECONDS, 300),
      smsFromField: env.SMS_FROM_FIELD || 'from',
      smsTextField: env.SMS_TEXT_FIELD || 'text',
      smsGatewayUrl: env.SMS_GATEWAY_URL || undefined,
      smsGatewayToken: env.SMS_GATEWAY_TOKEN || undefined,
      smsGatewayToField: env.SMS_GATEWAY_TO_FIELD || 'to',
      smsGatewayTextField: env.SMS_GATEWAY_TEXT_FIELD || 'text',
      messageDedupeSeconds: int('MESSAGE_DEDUPE_SECONDS', env.MESSAGE_DEDUPE_SECONDS, 600),
      telegramBotToken: env.TELEGRAM_BOT_TOKEN || undefined,
      telegramApiBase: env.TELEGRAM_API_BASE || 'https://api.telegram.org',
      telegramBotName: env.TELEGRAM_BOT_NAME || undefined,
      telegramPollSeconds: int('TELEGRAM_POLL_SECONDS', env.TELEGRAM_POLL_SECONDS, 25),
      telegramWebhookUrl: env.TELEGRAM_WEBHOOK_URL || undefined,
      telegramWebhookSecret: telegramWebhookSecret(env.TELEGRAM_WEBHOOK_URL, env.TELEGRAM_WEBHOOK_SECRET),
    },
  };
}

/** Telegram allows 1–256 of A–Z, a–z, 0–9, `_` and `-`; a webhook without a long secret is refused. */
function telegramWebhookSecret(url: string | undefined, secret: string | undefined): string {
  if (!url) return secret ?? '';
  if (!secret || !/^[A-Za-z0-9_-]{24,256}$/.test(secret)) {
    throw new Error('TELEGRAM_WEBHOOK_SECRET must be 24–256 letters, digits, _ or - when TELEGRAM_WEBHOOK_URL is set');
  }
  return secret;
}

/**
 * The key file's default: beside the data folder, `/srv/pollwatch/data` → `/srv/pollwatch/data.keys`.
 * Outside it, so a copy of the data folder (or a backup of it) holds no key; one per data folder,
 * so two instances (the demo and the real one, every test's temporary folder) never share or clash
 * over a key file; and never under the user's HOME, which CI and tests must not write to and which a
 * service account often has inside its data folder.
 */
export function defaultDataKeyFile(dataDir: string): string {
  return `${resolve(dataDir)}.keys`;
}

/** Where the key file was kept before it had to live outside the data folder (moved out at start). */
export function legacyDataKeyFile(dataDir: string): string {
  return resolve(dataDir, 'data-keys');
}

export function sqliteFileFor(config: Pick<Config, 'dataDir'>): string {
  return resolve(config.dataDir, 'pollwatch.db');
}
