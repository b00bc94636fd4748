import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ChannelLinksReplySchema,
  ChannelMessagesQuerySchema,
  ChannelMessagesReplySchema,
  ChannelUnlinkBodySchema,
  ChannelUnlinkReplySchema,
  IdParamsSchema,
  SmsCardQuerySchema,
  SmsInboundBodySchema,
  SmsInboundReplySchema,
  TelegramLinkReplySchema,
  TelegramWebhookBodySchema,
  TelegramWebhookReplySchema,
} from '@pollwatch/core';
import {
  type ChannelsService,
  type HmacOptions,
  secretMatches,
  signatureMatches,
} from '../channels/channels.service.ts';
import { sendDownload } from '../http/downloads.ts';
import { sendError } from '../http/error-handler.ts';
import { requireActor } from '../http/request-context.ts';

export interface TelegramLinkOptions {
  /** The bot's username, for the deep link `https://t.me/<bot>?start=<code>`. */
  botName: string | undefined;
}

export interface TelegramWebhookOptions {
  /** Compared in constant time with `X-Telegram-Bot-Api-Secret-Token`. */
  secret: string;
  receive: (update: unknown) => Promise<void>;
}

export interface SmsWebhookOptions {
  /** Shared secret: `X-Webhook-Secret` header or `?secret=` (for gateways that only take a URL). */
  secret: string;
  /**
   * HMAC signature (when `hmac.secret` is set it is required, and the shared secret alone is not
   * enough): `signatureHeader` holds hex HMAC-SHA256 of `<timestampHeader value>.<raw body>`.
   */
  hmac: HmacOptions & { signatureHeader: string; timestampHeader: string };
  fields: { from: string; text: string };
}

export const channelsRoutes: FastifyPluginAsyncTypebox<{
  channels: ChannelsService;
  sms: SmsWebhookOptions;
  telegram: TelegramLinkOptions;
  /** Only in webhook mode (a bot token and `TELEGRAM_WEBHOOK_URL`). */
  telegramWebhook?: TelegramWebhookOptions | undefined;
  now: () => Date;
}> = async (app, opts) => {
  // Many gateways post classic HTML-form bodies. Both parsers keep the raw text for the signature.
  const raw = new WeakMap<object, string>();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
    raw.set(request, String(body));
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    raw.set(request, String(body));
    if (String(body) === '') return done(null, undefined);
    try {
      done(null, JSON.parse(String(body)));
    } catch {
      done(Object.assign(new Error('body is not JSON'), { statusCode: 400 }), undefined);
    }
  });

  /** Inbound SMS from the gateway: one coded report, answered by SMS. */
  app.post(
    '/api/v1/channels/sms/inbound',
    { schema: { body: SmsInboundBodySchema, response: { 200: SmsInboundReplySchema } } },
    async (request, reply) => {
      const header = request.headers['x-webhook-secret'];
      const query = (request.query as Record<string, unknown> | undefined)?.secret;
      const given = typeof header === 'string' ? header : typeof query === 'string' ? query : undefined;
      if (opts.sms.hmac.secret) {
        const header = (name: string) => {
          const v = request.headers[name];
          return typeof v === 'string' ? v : undefined;
        };
        const verdict = signatureMatches(
          raw.get(request) ?? '',
          header(opts.sms.hmac.signatureHeader),
          header(opts.sms.hmac.timestampHeader),
          opts.sms.hmac,
          opts.now(),
        );
        if (verdict !== 'ok') {
          request.log.warn({ ip: request.ip, verdict }, 'sms webhook call with a bad or old signature');
          return sendError(reply, 'unauthenticated', 'webhook signature missing, wrong or too old');
        }
      } else if (!secretMatches(given, opts.sms.secret)) {
        request.log.warn({ ip: request.ip }, 'sms webhook call without the shared secret');
        return sendError(reply, 'unauthenticated', 'webhook secret missing or wrong');
      }
      const body = request.body as Record<string, unknown>;
      const from = body[opts.sms.fields.from];
      const text = body[opts.sms.fields.text];
      if (typeof from !== 'string' || !from.trim()) {
        return sendError(reply, 'validation_failed', 'no sender', [
          { in: 'body', path: `/${opts.sms.fields.from}`, keyword: 'required' },
        ]);
      }
      const result = await opts.channels.inboundSms(from, typeof text === 'string' ? text : '');
      request.log.info({ sender: opts.channels.senderHash(from), outcome: result.outcome }, 'sms received');
      return { outcome: result.outcome, ...(result.reportId ? { reportId: result.reportId } : {}) };
    },
  );

  /** Telegram's push of one update (webhook mode), authenticated by the secret given to `setWebhook`. */
  app.post(
    '/api/v1/channels/telegram/webhook',
    { schema: { body: TelegramWebhookBodySchema, response: { 200: TelegramWebhookReplySchema } } },
    async (request, reply) => {
      // Not in webhook mode: no secret matches, every call is refused alike.
      const hook = opts.telegramWebhook;
      const given = request.headers['x-telegram-bot-api-secret-token'];
      if (!hook || !secretMatches(typeof given === 'string' ? given : undefined, hook.secret)) {
        request.log.warn({ ip: request.ip }, 'telegram webhook call without the secret');
        return sendError(reply, 'unauthenticated', 'webhook secret missing or wrong');
      }
      await hook.receive(request.body);
      return { ok: true };
    },
  );

  /** The observer's one-time code (and deep link) to link their Telegram chat to the bot. */
  app.post(
    '/api/v1/me/telegram-link',
    { schema: { response: { 200: TelegramLinkReplySchema } } },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      if (actor.user.role !== 'observer') return sendError(reply, 'forbidden', 'observers link a Telegram chat');
      const code = await opts.channels.telegramLinkCode(actor.user.id);
      const link = opts.telegram.botName ? `https://t.me/${opts.telegram.botName}?start=${code}` : null;
      return { code, link };
    },
  );

  /** The HQ's message log: every SMS / Telegram message in and out, area-scoped, numbers masked. */
  app.get(
    '/api/v1/channels/messages',
    { schema: { querystring: ChannelMessagesQuerySchema, response: { 200: ChannelMessagesReplySchema } } },
    async (request) => {
      const q = request.query;
      return opts.channels.messages(requireActor(request.actor), {
        channel: q.channel,
        status: q.status,
        observer: q.observer?.trim() || undefined,
        stationNumber: q.station ? Number(q.station) : undefined,
        from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
        to: q.to ? new Date(`${q.to}T23:59:59.999Z`) : undefined,
        limit: Math.min(200, Math.max(1, Number(q.limit ?? 50))),
        offset: Number(q.offset ?? 0),
      });
    },
  );

  /** The printable SMS card of a form (PDF, ru/kk), optionally printed for one observer. */
  app.get('/api/v1/channels/sms-card', { schema: { querystring: SmsCardQuerySchema } }, async (request, reply) => {
    const q = request.query;
    const { pdf, code } = await opts.channels.smsCard(
      requireActor(request.actor),
      q.formId,
      q.locale ?? 'ru',
      q.observerId,
    );
    return sendDownload(reply, { name: `sms-card-${code}-${q.locale ?? 'ru'}`, format: 'pdf' }, Buffer.from(pdf));
  });

  /** The observer's own linked chats / numbers, masked; and unlinking them (a lost phone). */
  app.get(
    '/api/v1/me/channel-links',
    { schema: { response: { 200: ChannelLinksReplySchema } } },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      if (actor.user.role !== 'observer') return sendError(reply, 'forbidden', 'observers have channel links');
      return { links: await opts.channels.links(actor, actor.user.id) };
    },
  );
  app.post(
    '/api/v1/me/channel-links/unlink',
    { schema: { body: ChannelUnlinkBodySchema, response: { 200: ChannelUnlinkReplySchema } } },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      if (actor.user.role !== 'observer') return sendError(reply, 'forbidden', 'observers unlink their own channels');
      return { unlinked: await opts.channels.unlink(actor, actor.user.id, request.body.channels) };
    },
  );
  /** A coordinator's view of an observer's links, and unlinking them. */
  app.get(
    '/api/v1/users/:id/channel-links',
    { schema: { params: IdParamsSchema, response: { 200: ChannelLinksReplySchema } } },
    async (request) => ({ links: await opts.channels.links(requireActor(request.actor), request.params.id) }),
  );
  app.post(
    '/api/v1/users/:id/channel-links/unlink',
    { schema: { params: IdParamsSchema, body: ChannelUnlinkBodySchema, response: { 200: ChannelUnlinkReplySchema } } },
    async (request) => ({
      unlinked: await opts.channels.unlink(requireActor(request.actor), request.params.id, request.body.channels),
    }),
  );
};
