import { localized } from '../elections/election.ts';
import type { FormDefinition, Question } from '../forms/form-definition.ts';
import type { Locale } from '../i18n/locales.ts';
import { guidedTexts } from './guided-texts.ts';
import { type MessageForm, type MessageProblem, messageQuestions, type ParsedMessage } from './message-grammar.ts';
import { smsCardTermTexts } from './sms-card.ts';

/**
 * What the SMS / Telegram channel answers, in the observer's language: what was recorded, or exactly
 * what to fix. Short (an SMS is 70 Cyrillic characters a part) and free of personal data.
 */
type Texts = {
  accepted: string;
  urgent: string;
  notAccepted: string;
  fix: string;
  resend: string;
  duplicate: string;
  notRegistered: string;
  throttled: string;
  notLinked: string;
  linked: string;
  linkFailed: string;
  unknownForm: string;
  empty: string;
  tooLong: string;
  unreadable: string;
  unknownCode: string;
  duplicateCode: string;
  notByMessage: string;
  missingRequired: string;
  invalidValue: string;
  reasons: Record<string, string>;
};

export const messageReplyTexts: Record<Locale, Texts> = {
  ru: {
    accepted: 'Принято: {form}.',
    urgent: 'Отмечено как срочное.',
    notAccepted: 'Не принято: {form}.',
    fix: 'Исправьте:',
    resend: 'Отправьте сообщение целиком заново.',
    duplicate: 'Это сообщение уже принято.',
    notRegistered: 'Этот номер не зарегистрирован в сети наблюдателей.',
    throttled: 'Слишком много ошибок. Повторите через 15 минут.',
    notLinked: 'Этот чат не привязан к наблюдателю. Откройте ссылку привязки в приложении наблюдателя.',
    linked: 'Чат привязан. Отправляйте отчёты кодами, как в SMS.',
    linkFailed: 'Код привязки не подошёл. Получите новый в приложении наблюдателя.',
    unknownForm: 'Не понятно, какая анкета. Начните сообщение с кода анкеты: {prefixes}.',
    empty: 'Пустое сообщение. Начните с кода анкеты: {prefixes}.',
    tooLong: 'сообщение слишком длинное',
    unreadable: '«{fragment}» не понятно',
    unknownCode: '{code} — неизвестный код',
    duplicateCode: '{code} указан дважды',
    notByMessage: '{code} заполняется только в приложении',
    missingRequired: 'нет {code} (обязательный вопрос)',
    invalidValue: '{code} — неверное значение',
    reasons: {
      value_missing: '{code} — нет значения',
      invalid_time: '{code} — время в виде ЧЧММ, например 1430',
      invalid_date: '{code} — дата в виде ГГГГММДД',
      unknown_choice: '{code} — номер ответа от 1 до {n}',
      not_integer: '{code} — целое число',
      below_min: '{code} — не меньше {min}',
      above_max: '{code} — не больше {max}',
      wrong_type: '{code} — неверное значение',
    },
  },
  kk: {
    accepted: 'Қабылданды: {form}.',
    urgent: 'Шұғыл деп белгіленді.',
    notAccepted: 'Қабылданбады: {form}.',
    fix: 'Түзетіңіз:',
    resend: 'Хабарламаны толығымен қайта жіберіңіз.',
    duplicate: 'Бұл хабарлама бұрын қабылданған.',
    notRegistered: 'Бұл нөмір байқаушылар желісінде тіркелмеген.',
    throttled: 'Қателер тым көп. 15 минуттан кейін қайталаңыз.',
    notLinked: 'Бұл чат байқаушыға байланыстырылмаған. Байқаушы қосымшасындағы байланыстыру сілтемесін ашыңыз.',
    linked: 'Чат байланыстырылды. Есептерді SMS-тегідей кодтармен жіберіңіз.',
    linkFailed: 'Байланыстыру коды жарамсыз. Байқаушы қосымшасынан жаңасын алыңыз.',
    unknownForm: 'Сауалнама анықталмады. Хабарламаны сауалнама кодынан бастаңыз: {prefixes}.',
    empty: 'Хабарлама бос. Сауалнама кодынан бастаңыз: {prefixes}.',
    tooLong: 'хабарлама тым ұзын',
    unreadable: '«{fragment}» түсініксіз',
    unknownCode: '{code} — белгісіз код',
    duplicateCode: '{code} екі рет жазылған',
    notByMessage: '{code} тек қосымшада толтырылады',
    missingRequired: '{code} жоқ (міндетті сұрақ)',
    invalidValue: '{code} — мәні қате',
    reasons: {
      value_missing: '{code} — мәні жоқ',
      invalid_time: '{code} — уақыт ССММ түрінде, мысалы 1430',
      invalid_date: '{code} — күні ЖЖЖЖААКК түрінде',
      unknown_choice: '{code} — жауап нөмірі 1-ден {n}-ге дейін',
      not_integer: '{code} — бүтін сан',
      below_min: '{code} — кемінде {min}',
      above_max: '{code} — {max}-ден аспауы керек',
      wrong_type: '{code} — мәні қате',
    },
  },
  en: {
    accepted: 'Recorded: {form}.',
    urgent: 'Marked urgent.',
    notAccepted: 'Not recorded: {form}.',
    fix: 'Please fix:',
    resend: 'Send the whole message again.',
    duplicate: 'This message was already recorded.',
    notRegistered: 'This number is not registered with the observer network.',
    throttled: 'Too many errors. Try again in 15 minutes.',
    notLinked: "This chat is not linked to an observer. Open the link from the observer's app.",
    linked: 'Chat linked. Send reports in codes, as by SMS.',
    linkFailed: "The link code did not work. Get a new one in the observer's app.",
    unknownForm: 'Which form? Start the message with a form code: {prefixes}.',
    empty: 'Empty message. Start with a form code: {prefixes}.',
    tooLong: 'the message is too long',
    unreadable: '"{fragment}" not understood',
    unknownCode: '{code} — unknown code',
    duplicateCode: '{code} given twice',
    notByMessage: '{code} can only be answered in the app',
    missingRequired: '{code} missing (required)',
    invalidValue: '{code} — invalid value',
    reasons: {
      value_missing: '{code} — value missing',
      invalid_time: '{code} — time as HHMM, e.g. 1430',
      invalid_date: '{code} — date as YYYYMMDD',
      unknown_choice: '{code} — answer number 1 to {n}',
      not_integer: '{code} — a whole number',
      below_min: '{code} — at least {min}',
      above_max: '{code} — at most {max}',
      wrong_type: '{code} — invalid value',
    },
  },
};

const fill = (template: string, params: Record<string, string | number | undefined>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));

function problemText(p: MessageProblem, form: FormDefinition | null, t: Texts): string {
  const code = p.smsCode ?? '?';
  switch (p.code) {
    case 'too_long':
      return t.tooLong;
    case 'unreadable':
      return fill(t.unreadable, { fragment: p.fragment ?? '' });
    case 'unknown_code':
      return fill(t.unknownCode, { code });
    case 'duplicate_code':
      return fill(t.duplicateCode, { code });
    case 'not_by_message':
      return fill(t.notByMessage, { code });
    case 'missing_required':
      return fill(t.missingRequired, { code });
    case 'invalid_value': {
      const q = form ? questionByCode(form, code) : undefined;
      const n = q && 'choices' in q ? q.choices.length : undefined;
      const template = (p.reason && t.reasons[p.reason]) || t.invalidValue;
      return fill(template, { code, n, min: p.params?.min, max: p.params?.max });
    }
    default:
      return fill(t.invalidValue, { code });
  }
}

function questionByCode(form: FormDefinition, code: string): Question | undefined {
  return form.groups.flatMap((g) => g.questions).find((q) => q.smsCode === code);
}

function echo(value: unknown, q: Question): string {
  if (q.type === 'yes_no') return value ? '1' : '0';
  if (q.type === 'single_choice') return String(q.choices.findIndex((c) => c.value === value) + 1);
  if (q.type === 'multiple_choice') {
    return (value as string[])
      .map((v) => (q as { choices: { value: string }[] }).choices.findIndex((c) => c.value === v) + 1)
      .join(',');
  }
  return String(value);
}

/** The answer to a parsed message: what was recorded (echoed by code) or every problem to fix. */
export function replyToParsed(parsed: ParsedMessage, forms: readonly MessageForm[], locale: Locale): string {
  const t = messageReplyTexts[locale];
  const prefixes = forms.map((f) => f.prefix).join(', ');
  if (!parsed.form) {
    const empty = parsed.problems.some((p) => p.code === 'empty');
    return fill(empty ? t.empty : t.unknownForm, { prefixes });
  }
  const form = parsed.form;
  const title = localized(form.title, locale);
  if (parsed.problems.length > 0) {
    const fixes = parsed.problems.map((p) => problemText(p, form, t)).join('; ');
    return `${fill(t.notAccepted, { form: title })} ${t.fix} ${fixes}. ${t.resend}`;
  }
  const recorded = messageQuestions(form)
    .coded.filter((q) => parsed.answers[q.id] !== undefined)
    .map((q) => `${q.smsCode} ${echo(parsed.answers[q.id], q)}`)
    .join(', ');
  return [fill(t.accepted, { form: title }), recorded, parsed.urgent ? t.urgent : ''].filter(Boolean).join(' ');
}

export type ChannelNotice = 'duplicate' | 'notRegistered' | 'throttled' | 'notLinked' | 'linked' | 'linkFailed';

/** A short fixed answer: already recorded, not on the roster, too many failures. */
export function channelNotice(notice: ChannelNotice, locale: Locale): string {
  return messageReplyTexts[locale][notice];
}

/** Everything above, for the terminology check (scripts/terminology.test.ts through core-texts). */
export function messageReplyTermTexts(): { key: string; locale: Locale; text: string }[] {
  const out: { key: string; locale: Locale; text: string }[] = [];
  for (const [locale, texts] of Object.entries(messageReplyTexts) as [Locale, Texts][]) {
    for (const [key, value] of Object.entries(texts)) {
      if (typeof value === 'string') out.push({ key: `channels.${key}`, locale, text: value });
      else for (const [k, v] of Object.entries(value)) out.push({ key: `channels.reasons.${k}`, locale, text: v });
    }
  }
  for (const [locale, texts] of Object.entries(guidedTexts) as [Locale, (typeof guidedTexts)['ru']][]) {
    for (const [key, value] of Object.entries(texts)) {
      if (typeof value === 'string') out.push({ key: `channels.guided.${key}`, locale, text: value });
      else
        for (const [k, v] of Object.entries(value)) out.push({ key: `channels.guided.problems.${k}`, locale, text: v });
    }
  }
  out.push(...smsCardTermTexts());
  return out;
}

/**
 * The window a repeated message is recorded once in: the same sender and the same text (compared
 * after normalising case, spaces and look-alikes) within `windowSeconds` give the same key, which the
 * server turns into the report's idempotency UUID.
 */
export function messageDedupeMaterial(sender: string, text: string, at: Date, windowSeconds: number): string {
  const windowIndex = Math.floor(at.getTime() / 1000 / Math.max(1, windowSeconds));
  const normalised = text.normalize('NFKC').toUpperCase().replace(/\s+/g, ' ').trim();
  return `${sender}\u0000${windowIndex}\u0000${normalised}`;
}
