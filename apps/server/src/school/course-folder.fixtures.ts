/**
 * Course folders as an HQ writes them (see docs/school-course-folder.md): the tests write them to a
 * real folder and a real ZIP, then import them. Kept here rather than as .md files because the
 * repository's Markdown formatter would rewrite their front matter.
 */
export const GOOD_COURSE_FOLDER: Record<string, string> = {
  'course.json': `{
  "format": 1,
  "title": { "ru": "Работа с протоколом", "kk": "Хаттамамен жұмыс", "en": "Working with the protocol" },
  "lessons": [
    { "key": "copy", "files": { "ru": "lessons/copy.ru.md", "kk": "lessons/copy.kk.md" } },
    { "key": "report", "files": { "ru": "lessons/report.ru.md", "kk": "lessons/report.kk.md" } }
  ],
  "quizzes": [{ "key": "protocol", "file": "quizzes/protocol.md" }]
}
`,
  'README.md': 'Notes for the authors; pollwatch skips README files.\n',
  'lessons/copy.kk.md': `---
title: Хаттама көшірмесін қалай алуға болады
---

# Хаттама көшірмесі

Байқаушы дауыс беру қорытындысы туралы хаттаманың **куәландырылған көшірмесін** алуға құқылы.

- Сандарды үлкейтілген нысанмен салыстырыңыз.
- Көшірмені суретке түсіріп, pollwatch-қа жіберіңіз.
`,
  'lessons/copy.ru.md': `---
title: Как получить копию протокола
---

# Копия протокола

Наблюдатель вправе получить **заверенную копию** протокола об итогах голосования.

- Сверьте цифры с увеличенной формой.
- Сфотографируйте копию и отправьте её в pollwatch.

<script>alert(1)</script>
`,
  'lessons/report.kk.md': `---
title: Есепті қалай жіберуге болады
---

Қосымшада учаскені ашып, «Хаттама» сауалнамасын толтырыңыз.
`,
  'lessons/report.ru.md': `---
title: Как отправить отчёт
---

Откройте участок в приложении и заполните анкету «Протокол».
`,
  'quizzes/protocol.md': `---
title.ru: Тест по протоколу
title.kk: Хаттама бойынша тест
pass_mark: 50
---

## copy single

ru: Может ли наблюдатель получить копию протокола?
kk: Байқаушы хаттаманың көшірмесін ала ала ма?

- [x] yes
  ru: Да, заверенную
  kk: Иә, куәландырылған
- [ ] no
  ru: Нет
  kk: Жоқ

explanation.ru: Да: наблюдатель вправе получить заверенную копию.
explanation.kk: Иә: байқаушы куәландырылған көшірмені алуға құқылы.

## check multiple

ru: Что сверить в копии?
kk: Көшірмеде нені салыстыру керек?
en: "What to compare on the copy?"

- [x] numbers
  ru: Цифры
  kk: Сандар
- [x] signatures
  ru: Подписи членов комиссии
  kk: Комиссия мүшелерінің қолдары
- [ ] weather
  ru: Погоду
  kk: Ауа райын

explanation.ru: Цифры и подписи.
explanation.kk: Сандар мен қолдар.
`,
};
export const BROKEN_COURSE_FOLDER: Record<string, string> = {
  'course.json': `{
  "format": 1,
  "title": { "ru": "Работа с протоколом", "en": "Working with the protocol" },
  "lessons": [{ "key": "copy", "files": { "ru": "lessons/copy.ru.md", "kk": "lessons/copy.kk.md" } }],
  "quizzes": [{ "key": "protocol", "file": "quizzes/protocol.md" }]
}
`,
  'lessons/extra.ru.md': '---\ntitle: Забытый урок\n---\n\nНе в описи.\n',
  'lessons/copy.ru.md': `---
title: Как получить копию протокола
---

# Копия протокола

Наблюдатель вправе получить **заверенную копию** протокола об итогах голосования.

- Сверьте цифры с увеличенной формой.
- Сфотографируйте копию и отправьте её в pollwatch.

<script>alert(1)</script>
`,
  'quizzes/protocol.md': `---
title.ru: Тест по протоколу
title.kk: Хаттама бойынша тест
pass_mark: 150
---

## copy single

ru: Может ли наблюдатель получить копию протокола?
kk: Байқаушы хаттаманың көшірмесін ала ала ма?

- [x] yes
  ru: Да
  kk: Иә
- [x] no
  ru: Нет
  kk: Жоқ

explanation.ru: Да.
explanation.kk: Иә.
this line means nothing
`,
};
