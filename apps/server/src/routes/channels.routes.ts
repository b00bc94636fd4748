import { SmsInboundBodySchema, SmsInboundReplySchema, TelegramLinkReplySchema } from '@pollwatch/core';
import type { FastifyInstance } from 'fastify';
import { type ChannelsService, secretMatches, senderHash } from '../channels/channels.service.ts';
import { sendError } from '../http/error-handler.ts';
import { requireActor } from '../http/request-context.ts';

export interface TelegramLinkOptions {
  /** The bot's username, for the deep link `https://t.me/<bot>?start=<code>`. */
  botName: string | undefined;
}

export interface SmsWebhookOptions {
  /** Shared secret: `X-Webhook-Secret` header or `?secret=` (for gateways that only take a URL). */
  secret: string;
  fields: { from: string; text: string };
}

export async function channelsRoutes(
  app: FastifyInstance,
  opts: { channels: ChannelsService; sms: SmsWebhookOptions; telegram: TelegramLinkOptions },
): Promise<void> {
  // Many gateways post classic HTML-form bodies.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  /** Inbound SMS from the gateway: one coded report, answered by SMS. */
  app.post(
    '/api/v1/channels/sms/inbound',
    { schema: { body: SmsInboundBodySchema, response: { 200: SmsInboundReplySchema } } },
    async (request, reply) => {
      const header = request.headers['x-webhook-secret'];
      const query = (request.query as Record<string, unknown> | undefined)?.secret;
      const given = typeof header === 'string' ? header : typeof query === 'string' ? query : undefined;
      if (!secretMatches(given, opts.sms.secret)) {
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
      request.log.info({ sender: senderHash(from), outcome: result.outcome }, 'sms received');
      return { outcome: result.outcome, ...(result.reportId ? { reportId: result.reportId } : {}) };
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
}
