import { Type } from 'typebox';

/** An SMS gateway's inbound call: its field names vary by gateway and are configured on the server. */
export const SmsInboundBodySchema = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 50 });

export const SmsInboundReplySchema = Type.Object({
  outcome: Type.String(),
  reportId: Type.Optional(Type.String()),
});

export const TelegramLinkReplySchema = Type.Object({
  code: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
});
