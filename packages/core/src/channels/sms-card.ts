import { localized } from '../elections/election.ts';
import type { Question } from '../forms/form-definition.ts';
import { formatMessage, type MessageForm, messageQuestions, parseMessage } from './message-grammar.ts';

/** The printable SMS card's texts (issue 22), ru and kk; checked by the terminology test. */
export const smsCardTexts = {
  ru: {
    title: 'Памятка: отчёт по SMS',
    form: 'Анкета: {form}',
    observer: 'Наблюдатель: {name}',
    format:
      'Начните сообщение с кода анкеты {prefix}, затем коды вопросов с ответами через пробел. «!» — срочно, после «@» — свободный текст.',
    code: 'Код',
    question: 'Вопрос',
    answer: 'Как ответить',
    yesNo: '{code} — да, {code}0 — нет',
    number: 'число: {code}120',
    time: 'время ЧЧММ: {code}1430',
    date: 'дата ГГГГММДД: {code}20261110',
    choice: 'номер ответа: {choices}',
    many: 'номера ответов подряд: {choices}',
    comment: 'после @ в конце сообщения',
    example: 'Пример',
    exampleText: 'урна не опечатана',
    reply: 'В ответ придёт SMS: что принято или что исправить. Повтор того же сообщения засчитывается один раз.',
    required: 'обязательный',
  },
  kk: {
    title: 'Жадынама: SMS арқылы есеп',
    form: 'Сауалнама: {form}',
    observer: 'Байқаушы: {name}',
    format:
      'Хабарламаны {prefix} сауалнама кодынан бастаңыз, содан кейін бос орын арқылы сұрақ кодтары мен жауаптар. «!» — шұғыл, «@» белгісінен кейін — еркін мәтін.',
    code: 'Код',
    question: 'Сұрақ',
    answer: 'Қалай жауап беру',
    yesNo: '{code} — иә, {code}0 — жоқ',
    number: 'сан: {code}120',
    time: 'уақыт ССММ: {code}1430',
    date: 'күні ЖЖЖЖААКК: {code}20261110',
    choice: 'жауап нөмірі: {choices}',
    many: 'жауап нөмірлері қатарынан: {choices}',
    comment: 'хабарламаның соңында @ белгісінен кейін',
    example: 'Мысал',
    exampleText: 'жәшік мөрленбеген',
    reply:
      'Жауап ретінде SMS келеді: не қабылданды немесе нені түзету керек. Сол хабарламаның қайталануы бір рет есептеледі.',
    required: 'міндетті',
  },
} as const;

export type SmsCardLocale = keyof typeof smsCardTexts;

export interface SmsCardRow {
  code: string;
  question: string;
  answer: string;
  required: boolean;
}

export interface SmsCardContent {
  texts: (typeof smsCardTexts)[SmsCardLocale];
  formTitle: string;
  prefix: string;
  format: string;
  rows: SmsCardRow[];
  /** A whole valid message for this form, checked by parsing it back. */
  example: string;
}

const fill = (template: string, params: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');

function sampleAnswer(q: Question): unknown {
  switch (q.type) {
    case 'yes_no':
      return true;
    case 'integer':
    case 'decimal':
      return Math.max(q.min ?? 0, Math.min(q.max ?? 120, 120));
    case 'single_choice':
      return q.choices[0]?.value;
    case 'multiple_choice':
      return q.choices.slice(0, 1).map((c) => c.value);
    case 'time':
      return '14:30';
    case 'date':
      return '2026-11-10';
    default:
      return undefined;
  }
}

/** What the SMS card of a form says: the format, one row per coded question, and a checked example. */
export function smsCardContent(entry: MessageForm, locale: SmsCardLocale): SmsCardContent {
  const t = smsCardTexts[locale];
  const { coded, commentQuestion } = messageQuestions(entry.form);
  const rows: SmsCardRow[] = coded.map((q) => {
    const code = q.smsCode as string;
    const choices =
      'choices' in q ? q.choices.map((c, i) => `${i + 1} — ${localized(c.label, locale)}`).join('; ') : '';
    const answer =
      q.type === 'yes_no'
        ? fill(t.yesNo, { code })
        : q.type === 'integer' || q.type === 'decimal'
          ? fill(t.number, { code })
          : q.type === 'time'
            ? fill(t.time, { code })
            : q.type === 'date'
              ? fill(t.date, { code })
              : q.type === 'multiple_choice'
                ? fill(t.many, { choices })
                : fill(t.choice, { choices });
    return { code, question: localized(q.label, locale), answer, required: q.required === true };
  });
  if (commentQuestion) {
    rows.push({
      code: '@',
      question: localized(commentQuestion.label, locale),
      answer: t.comment,
      required: commentQuestion.required === true,
    });
  }
  // The example answers the required questions (and the first others), and must parse back whole.
  const answers: Record<string, unknown> = {};
  for (const q of coded) {
    if (q.required === true || Object.keys(answers).length < 3) {
      const v = sampleAnswer(q);
      if (v !== undefined) answers[q.id] = v;
    }
  }
  if (commentQuestion) answers[commentQuestion.id] = t.exampleText;
  let example = formatMessage(entry, answers);
  if (parseMessage(example, [entry]).problems.length > 0) example = formatMessage(entry, {});
  return {
    texts: t,
    formTitle: localized(entry.form.title, locale),
    prefix: entry.prefix,
    format: fill(t.format, { prefix: entry.prefix }),
    rows,
    example,
  };
}

/** The card's texts for the terminology test. */
export function smsCardTermTexts(): { key: string; locale: 'ru' | 'kk'; text: string }[] {
  return (Object.entries(smsCardTexts) as [SmsCardLocale, Record<string, string>][]).flatMap(([locale, texts]) =>
    Object.entries(texts).map(([key, text]) => ({ key: `channels.smsCard.${key}`, locale, text })),
  );
}
