import type { Locale } from '../i18n/locales.ts';

/**
 * Texts of the guided Telegram conversation and the language choice (issue 22), in ru/kk/en.
 * Checked by the terminology test through `messageReplyTermTexts`.
 */
export type GuidedTexts = {
  chooseLanguage: string;
  languageSet: string;
  chooseForm: string;
  noForms: string;
  question: string;
  typeNumber: string;
  typeText: string;
  typeTime: string;
  typeDate: string;
  sendPhoto: string;
  pickMany: string;
  yes: string;
  no: string;
  skip: string;
  back: string;
  cancel: string;
  done: string;
  confirm: string;
  required: string;
  summary: string;
  skipped: string;
  cancelled: string;
  resumed: string;
  notUnderstood: string;
  photoSaved: string;
  photoRefused: string;
  unlinked: string;
  /** A follow-up request from the HQ's verification queue: answered in the field app. */
  followUp: string;
  /** A reminder before a turnout checkpoint, with a button that starts the report. */
  turnoutReminder: string;
  startTurnout: string;
  problems: Record<string, string>;
};

export const guidedTexts: Record<Locale, GuidedTexts> = {
  ru: {
    chooseLanguage: 'Выберите язык / Тілді таңдаңыз / Choose a language',
    languageSet: 'Язык: русский.',
    chooseForm: 'Какой отчёт отправить? Или пришлите сообщение кодами, как в SMS.',
    noForms: 'Сейчас нет анкет для отправки.',
    question: 'Вопрос {n} из {total}',
    typeNumber: 'Напишите число.',
    typeText: 'Напишите ответ.',
    typeTime: 'Напишите время, например 14:30.',
    typeDate: 'Напишите дату, например 2026-11-10.',
    sendPhoto: 'Пришлите фото.',
    pickMany: 'Отметьте все подходящие ответы и нажмите «Готово».',
    yes: 'Да',
    no: 'Нет',
    skip: 'Пропустить',
    back: 'Назад',
    cancel: 'Отменить',
    done: 'Готово',
    confirm: 'Отправить',
    required: 'Это обязательный вопрос.',
    summary: 'Проверьте отчёт «{form}»:',
    skipped: 'пропущен',
    cancelled: 'Отчёт отменён.',
    resumed: 'Продолжим с того места, где остановились.',
    notUnderstood: 'Не понятно. Ответьте на вопрос или нажмите кнопку.',
    photoSaved: 'Фото сохранено.',
    photoRefused: 'Фото не принято.',
    unlinked: 'Этот чат отвязан от наблюдателя.',
    followUp:
      'Штаб просит проверить ваш отчёт «{form}» (участок № {station}): {comment}\nОткройте этот отчёт в приложении наблюдателя, исправьте и отправьте снова.',
    turnoutReminder: 'В {time} — время отчёта о явке (участок № {station}). Нажмите кнопку, чтобы начать.',
    startTurnout: 'Отчёт о явке',
    problems: {
      below_min: 'Не меньше {min}.',
      above_max: 'Не больше {max}.',
      not_integer: 'Нужно целое число.',
      invalid_time: 'Время в виде ЧЧ:ММ, например 14:30.',
      invalid_date: 'Дата в виде ГГГГ-ММ-ДД.',
      too_long: 'Слишком длинный ответ.',
      constraint_failed: 'Ответ не проходит проверку анкеты.',
      unknown_choice: 'Выберите ответ кнопкой.',
      wrong_type: 'Неверный ответ.',
    },
  },
  kk: {
    chooseLanguage: 'Выберите язык / Тілді таңдаңыз / Choose a language',
    languageSet: 'Тіл: қазақша.',
    chooseForm: 'Қай есепті жібересіз? Немесе SMS-тегідей кодтармен хабарлама жіберіңіз.',
    noForms: 'Қазір жіберетін сауалнама жоқ.',
    question: '{total} сұрақтың {n}-сі',
    typeNumber: 'Санды жазыңыз.',
    typeText: 'Жауапты жазыңыз.',
    typeTime: 'Уақытты жазыңыз, мысалы 14:30.',
    typeDate: 'Күнді жазыңыз, мысалы 2026-11-10.',
    sendPhoto: 'Фото жіберіңіз.',
    pickMany: 'Барлық сәйкес жауапты белгілеп, «Дайын» түймесін басыңыз.',
    yes: 'Иә',
    no: 'Жоқ',
    skip: 'Өткізу',
    back: 'Артқа',
    cancel: 'Бас тарту',
    done: 'Дайын',
    confirm: 'Жіберу',
    required: 'Бұл міндетті сұрақ.',
    summary: '«{form}» есебін тексеріңіз:',
    skipped: 'өткізілді',
    cancelled: 'Есеп тоқтатылды.',
    resumed: 'Тоқтаған жерден жалғастырамыз.',
    notUnderstood: 'Түсініксіз. Сұраққа жауап беріңіз немесе түймені басыңыз.',
    photoSaved: 'Фото сақталды.',
    photoRefused: 'Фото қабылданбады.',
    unlinked: 'Бұл чат байқаушыдан ажыратылды.',
    followUp:
      'Штаб «{form}» есебіңізді тексеруді сұрайды (№ {station} учаске): {comment}\nБұл есепті байқаушы қосымшасында ашып, түзетіп, қайта жіберіңіз.',
    turnoutReminder:
      'Сағат {time} — сайлаушылардың келуі туралы есеп уақыты (№ {station} учаске). Бастау үшін түймені басыңыз.',
    startTurnout: 'Сайлаушылардың келуі туралы есеп',
    problems: {
      below_min: 'Кемінде {min}.',
      above_max: '{max}-ден аспауы керек.',
      not_integer: 'Бүтін сан керек.',
      invalid_time: 'Уақыт СС:ММ түрінде, мысалы 14:30.',
      invalid_date: 'Күні ЖЖЖЖ-АА-КК түрінде.',
      too_long: 'Жауап тым ұзын.',
      constraint_failed: 'Жауап сауалнама тексерісінен өтпейді.',
      unknown_choice: 'Жауапты түймемен таңдаңыз.',
      wrong_type: 'Жауап қате.',
    },
  },
  en: {
    chooseLanguage: 'Выберите язык / Тілді таңдаңыз / Choose a language',
    languageSet: 'Language: English.',
    chooseForm: 'Which report do you want to send? Or send a coded message, as by SMS.',
    noForms: 'There are no forms to send now.',
    question: 'Question {n} of {total}',
    typeNumber: 'Type a number.',
    typeText: 'Type your answer.',
    typeTime: 'Type the time, e.g. 14:30.',
    typeDate: 'Type the date, e.g. 2026-11-10.',
    sendPhoto: 'Send a photo.',
    pickMany: 'Tick every answer that applies, then press "Done".',
    yes: 'Yes',
    no: 'No',
    skip: 'Skip',
    back: 'Back',
    cancel: 'Cancel',
    done: 'Done',
    confirm: 'Send',
    required: 'This question is required.',
    summary: 'Check the report "{form}":',
    skipped: 'skipped',
    cancelled: 'Report cancelled.',
    resumed: 'Picking up where you left off.',
    notUnderstood: 'Not understood. Answer the question or press a button.',
    photoSaved: 'Photo saved.',
    photoRefused: 'Photo not accepted.',
    unlinked: 'This chat is no longer linked to an observer.',
    followUp:
      'The HQ asks you to check your report "{form}" (station No. {station}): {comment}\nOpen this report in the observer app, correct it and send it again.',
    turnoutReminder: 'At {time} the turnout report is due (station No. {station}). Press the button to start.',
    startTurnout: 'Turnout report',
    problems: {
      below_min: 'At least {min}.',
      above_max: 'At most {max}.',
      not_integer: 'A whole number, please.',
      invalid_time: 'Time as HH:MM, e.g. 14:30.',
      invalid_date: 'Date as YYYY-MM-DD.',
      too_long: 'The answer is too long.',
      constraint_failed: "The answer fails the form's check.",
      unknown_choice: 'Choose an answer with a button.',
      wrong_type: 'Invalid answer.',
    },
  },
};
