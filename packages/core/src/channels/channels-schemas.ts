import { type Static, Type } from 'typebox';

/** An SMS gateway's inbound call: its field names vary by gateway and are configured on the server. */
export const SmsInboundBodySchema = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 50 });

export const SmsInboundReplySchema = Type.Object({
  outcome: Type.String(),
  reportId: Type.Optional(Type.String()),
});

/** One Telegram update pushed to the bot's webhook (webhook mode); the bot reads what it needs. */
export const TelegramWebhookBodySchema = Type.Object(
  { update_id: Type.Optional(Type.Integer()) },
  { additionalProperties: true },
);

export const TelegramWebhookReplySchema = Type.Object({ ok: Type.Boolean() });

export const TelegramLinkReplySchema = Type.Object({
  code: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
});

export const messageStatuses = ['accepted', 'refused', 'error'] as const;
export type MessageLogStatus = (typeof messageStatuses)[number];

/** Filters of the HQ's message log (issue 22). */
export const ChannelMessagesQuerySchema = Type.Object(
  {
    channel: Type.Optional(Type.Union([Type.Literal('sms'), Type.Literal('telegram')])),
    status: Type.Optional(Type.Union(messageStatuses.map((s) => Type.Literal(s)))),
    observer: Type.Optional(Type.String({ maxLength: 100 })),
    station: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
    from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
    offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$' })),
  },
  { additionalProperties: false },
);

export const ChannelMessageSchema = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  direction: Type.String(),
  senderMask: Type.String(),
  userId: Type.Union([Type.String(), Type.Null()]),
  observerName: Type.Union([Type.String(), Type.Null()]),
  stationId: Type.Union([Type.String(), Type.Null()]),
  stationNumber: Type.Union([Type.Number(), Type.Null()]),
  reportId: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  outcome: Type.String(),
  text: Type.String(),
  createdAt: Type.String(),
});
export type ChannelMessageView = Static<typeof ChannelMessageSchema>;

export const ChannelMessagesReplySchema = Type.Object({
  items: Type.Array(ChannelMessageSchema),
  total: Type.Number(),
});

/** An observer's linked Telegram chat or SMS number, masked. */
export const ChannelLinksReplySchema = Type.Object({
  links: Type.Array(Type.Object({ channel: Type.String(), addressMask: Type.String(), createdAt: Type.String() })),
});

export const ChannelUnlinkBodySchema = Type.Object(
  {
    channels: Type.Optional(
      Type.Array(Type.Union([Type.Literal('sms'), Type.Literal('telegram')]), { minItems: 1, maxItems: 2 }),
    ),
  },
  { additionalProperties: false },
);

export const ChannelUnlinkReplySchema = Type.Object({ unlinked: Type.Array(Type.String()) });

export const SmsCardQuerySchema = Type.Object(
  {
    formId: Type.String({ format: 'uuid' }),
    locale: Type.Optional(Type.Union([Type.Literal('ru'), Type.Literal('kk')])),
    observerId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
