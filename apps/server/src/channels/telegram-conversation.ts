import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  channelNotice,
  DomainError,
  type FormDefinition,
  type GuidedInput,
  type GuidedReply,
  type GuidedState,
  guidedStep,
  guidedTexts,
  type Locale,
  locales,
  messageReplyTexts,
  promptFor,
  startGuided,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import type { IngestService } from '../reports/ingest.service.ts';
import type { PhotosService } from '../reports/photos.service.ts';
import { type ChannelsService, localeOf } from './channels.service.ts';

/** What the bot receives from a chat, already read from Telegram's update. */
export type ChatInput =
  | { kind: 'text'; text: string }
  | { kind: 'button'; data: string }
  | { kind: 'photo'; bytes: () => Promise<Buffer> };

type Log = (entry: Record<string, unknown>, msg: string) => void;

const languageButtons = [
  [
    { text: 'Русский', data: 'lang:ru' },
    { text: 'Қазақша', data: 'lang:kk' },
    { text: 'English', data: 'lang:en' },
  ],
];

/**
 * One Telegram chat's conversation (issue 22): the language chosen before linking, linking by the
 * field app's code, the menu of forms, and the guided question-by-question report, its state kept in
 * the database after every step so it resumes after an interruption. Coded messages still work for
 * fast users. Every message in and out goes to the message log.
 */
export class TelegramConversations {
  constructor(
    private readonly store: Store,
    private readonly channels: ChannelsService,
    private readonly ingest: IngestService,
    private readonly photos: PhotosService | undefined,
    private readonly now: () => Date,
    private readonly log: Log = () => {},
  ) {}

  async handle(chatId: string, input: ChatInput): Promise<GuidedReply[]> {
    const saved = await this.store.channels.conversation('telegram', chatId);
    const chatLocale =
      saved?.locale && (locales as readonly string[]).includes(saved.locale) ? (saved.locale as Locale) : undefined;
    const observer = await this.channels.observerAt('telegram', chatId);
    const locale = localeOf(chatLocale, observer?.locale);
    const t = guidedTexts[locale];
    const inText = input.kind === 'text' ? input.text : input.kind === 'button' ? `[${input.data}]` : '[photo]';
    const logIn = (
      status: 'accepted' | 'refused' | 'error',
      outcome: string,
      extra: { reportId?: string; stationId?: string } = {},
    ) =>
      this.channels.logMessage('telegram', 'in', chatId, {
        userId: observer?.userId,
        ...extra,
        status,
        outcome,
        text: inText,
      });
    const out = async (replies: GuidedReply[], extra: { stationId?: string } = {}) => {
      for (const r of replies) {
        if (r.text) {
          await this.channels.logMessage('telegram', 'out', chatId, {
            userId: observer?.userId,
            ...extra,
            status: 'accepted',
            outcome: 'reply',
            text: r.text,
          });
        }
      }
      return replies;
    };
    const state = (saved?.state ?? null) as GuidedState | null;
    const save = (next: GuidedState | null, newLocale: string | null = chatLocale ?? null) =>
      this.store.channels.saveConversation('telegram', chatId, { locale: newLocale, state: next }, this.now());

    // Language: chosen with a button at any time, before linking too.
    if (input.kind === 'button' && input.data.startsWith('lang:')) {
      const chosen = input.data.slice(5);
      if (!(locales as readonly string[]).includes(chosen)) return [];
      await save(state, chosen);
      await logIn('accepted', 'language');
      const lt = guidedTexts[chosen as Locale];
      const after = observer
        ? await this.menu(observer.userId, chosen as Locale)
        : { text: channelNotice('notLinked', chosen as Locale), buttons: [] };
      return out([{ text: lt.languageSet, buttons: [] }, after]);
    }
    if (input.kind === 'text') {
      const command = /^\/(\w+)(?:@\w+)?\s*(\S*)/.exec(input.text.trim());
      if (command?.[1] === 'start' && command[2]) {
        const linked = await this.channels.linkTelegram(chatId, command[2]);
        await logIn(linked ? 'accepted' : 'refused', linked ? 'linked' : 'link_failed', {});
        if (!linked) return out([{ text: channelNotice('linkFailed', locale), buttons: [] }]);
        const now = await this.channels.observerAt('telegram', chatId);
        const l = localeOf(chatLocale, now?.locale);
        return out([
          { text: channelNotice('linked', l), buttons: [] },
          ...(now ? [await this.menu(now.userId, l)] : []),
        ]);
      }
      if (command?.[1] === 'language' || (command?.[1] === 'start' && !chatLocale)) {
        await logIn('accepted', 'command');
        return out([{ text: t.chooseLanguage, buttons: languageButtons }]);
      }
    }
    if (!observer) {
      // A stranger: throttled like an unknown SMS number, asked for a language first, then told how to link.
      if (!(await this.channels.strangerAllowed('telegram', chatId))) {
        await logIn('refused', 'throttled');
        return [];
      }
      await logIn('refused', 'not_registered');
      if (!chatLocale) return out([{ text: t.chooseLanguage, buttons: languageButtons }]);
      return out([{ text: channelNotice('notLinked', locale), buttons: [] }]);
    }
    if (input.kind === 'text' && /^\/(start|report|menu)\b/.test(input.text.trim())) {
      await logIn('accepted', 'command');
      if (state) {
        const form = await this.formOf(state);
        if (form) return out([promptFor(form, state, locale, t.resumed)], { stationId: state.stationId });
      }
      return out([await this.menu(observer.userId, locale)]);
    }
    if (input.kind === 'button' && input.data.startsWith('form:')) {
      const chosen = (await this.channels.formsOf(observer.userId)).find((f) => f.formId === input.data.slice(5));
      const assignment = chosen
        ? (await this.store.assignments.list({ electionId: chosen.electionId, observerId: observer.userId }))[0]
        : undefined;
      if (!chosen || !assignment) {
        await logIn('refused', 'no_form');
        return out([await this.menu(observer.userId, locale)]);
      }
      const station = await this.store.stations.findById(assignment.stationId);
      const started = startGuided(
        chosen.entry.form,
        {
          formId: chosen.formId,
          formVersion: chosen.version,
          stationId: assignment.stationId,
          reportId: randomUUID(),
          context: {
            station: {
              registeredVoters: station?.registeredVoters ?? null,
              number: station ? String(station.number) : null,
            },
          },
        },
        locale,
      );
      await save(started.state);
      await logIn('accepted', 'guided', { stationId: assignment.stationId });
      return out([started.reply], { stationId: assignment.stationId });
    }
    if (state) {
      const form = await this.formOf(state);
      if (!form) {
        await save(null);
        return out([await this.menu(observer.userId, locale)]);
      }
      let guidedInput: GuidedInput;
      if (input.kind === 'photo') {
        const sha256 = await this.storePhoto(observer.userId, input.bytes);
        if (!sha256) {
          await logIn('refused', 'photo_refused', { stationId: state.stationId });
          return out([promptFor(form, state, locale, t.photoRefused)], { stationId: state.stationId });
        }
        guidedInput = { kind: 'photo', sha256 };
      } else guidedInput = input;
      const step = guidedStep(form, state, guidedInput, locale);
      if (step.submit) return this.submit(observer.userId, form, state, locale, logIn, out, save);
      await save(step.state);
      await logIn('accepted', step.state ? 'guided' : 'cancelled', { stationId: state.stationId });
      return out([step.reply, ...(step.state ? [] : [await this.menu(observer.userId, locale)])], {
        stationId: state.stationId,
      });
    }
    if (input.kind === 'text') {
      // No conversation under way: a coded message, as by SMS (logged by the channel service).
      const result = await this.channels.handle('telegram', chatId, input.text, chatLocale);
      return out(
        result.reply ? [{ text: result.reply, buttons: [] }] : [],
        result.stationId ? { stationId: result.stationId } : {},
      );
    }
    await logIn('refused', 'not_understood');
    return out([await this.menu(observer.userId, locale)]);
  }

  private async submit(
    userId: string,
    form: FormDefinition,
    state: GuidedState,
    locale: Locale,
    logIn: (
      s: 'accepted' | 'refused' | 'error',
      o: string,
      e?: { reportId?: string; stationId?: string },
    ) => Promise<void>,
    out: (r: GuidedReply[], e?: { stationId?: string }) => Promise<GuidedReply[]>,
    save: (next: GuidedState | null) => Promise<void>,
  ): Promise<GuidedReply[]> {
    const user = await this.store.users.findById(userId);
    if (!user) return [];
    try {
      await this.ingest.submit(
        { user, audited: false },
        {
          id: state.reportId,
          revision: 1,
          stationId: state.stationId,
          formId: state.formId,
          formVersion: state.formVersion,
          answers: state.answers,
        },
        'telegram',
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.log({ sender: this.channels.senderHash(userId), code: error.code }, 'guided report refused by ingest');
      await logIn('refused', error.code, { stationId: state.stationId });
      return out([{ text: `${guidedTexts[locale].notUnderstood} (${error.code})`, buttons: [] }]);
    }
    await save(null);
    await logIn('accepted', 'recorded', { reportId: state.reportId, stationId: state.stationId });
    const title = form.title[locale] ?? form.title.ru;
    return out(
      [
        { text: messageReplyTexts[locale].accepted.replace('{form}', title), buttons: [] },
        await this.menu(userId, locale),
      ],
      { stationId: state.stationId },
    );
  }

  /** The forms due now for the observer (their shifts, the station's voting day), as buttons. */
  private async menu(userId: string, locale: Locale): Promise<GuidedReply> {
    const t = guidedTexts[locale];
    const forms = await this.channels.dueFormsOf(userId, this.now());
    if (forms.length === 0) return { text: t.noForms, buttons: [] };
    return {
      text: t.chooseForm,
      buttons: forms.map((f) => [
        { text: f.entry.form.title[locale] ?? f.entry.form.title.ru, data: `form:${f.formId}` },
      ]),
    };
  }

  private async formOf(state: GuidedState): Promise<FormDefinition | undefined> {
    const version = (await this.store.forms.versions(state.formId)).find((v) => v.version === state.formVersion);
    return version?.definition as FormDefinition | undefined;
  }

  /** A photo from the chat, stored with the same owner and quota rules as the field app's uploads. */
  private async storePhoto(userId: string, bytes: () => Promise<Buffer>): Promise<string | null> {
    const user = await this.store.users.findById(userId);
    if (!this.photos || !user) return null;
    try {
      const buffer = await bytes();
      const sha256 = createHash('sha256').update(buffer).digest('hex');
      const actor = { user, audited: false };
      await this.photos.begin(actor, sha256, buffer.length);
      const status = await this.photos.append(actor, sha256, 0, Readable.from([buffer]));
      return status.complete ? sha256 : null;
    } catch (error) {
      this.log({ error: (error as Error).message }, 'telegram photo refused');
      return null;
    }
  }
}
