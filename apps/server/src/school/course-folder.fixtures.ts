/**
 * Course folders as an HQ writes them (see docs/school-course-folder.md): the tests write them to a
 * real folder and a real ZIP, then import them. Kept here rather than as .md files because the
 * repository's Markdown formatter would rewrite their front matter.
 */
export const GOOD_COURSE_FOLDER: Record<string, string> = {
  'course.md': `---
title.ru: Работа с протоколом
title.kk: Хаттамамен жұмыс
title.en: Working with the protocol
---

Notes for the authors may follow the settings block; pollwatch ignores them.
`,
  'lessons/01-copy.kk.md': `---
title: Хаттама көшірмесін қалай алуға болады
---

# Хаттама көшірмесі

Байқаушы дауыс беру қорытындысы туралы хаттаманың **куәландырылған көшірмесін** алуға құқылы.

- Сандарды үлкейтілген нысанмен салыстырыңыз.
- Көшірмені суретке түсіріп, pollwatch-қа жіберіңіз.
`,
  'lessons/01-copy.ru.md': `---
title: Как получить копию протокола
---

# Копия протокола

Наблюдатель вправе получить **заверенную копию** протокола об итогах голосования.

- Сверьте цифры с увеличенной формой.
- Сфотографируйте копию и отправьте её в pollwatch.

<script>alert(1)</script>
`,
  'lessons/02-report.kk.md': `---
title: Есепті қалай жіберуге болады
---

Қосымшада учаскені ашып, «Хаттама» сауалнамасын толтырыңыз.
`,
  'lessons/02-report.ru.md': `---
title: Как отправить отчёт
---

Откройте участок в приложении и заполните анкету «Протокол».
`,
  'quizzes/01-protocol.md': `---
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
  'course.md': `---
title.ru: Работа с протоколом
title.en: Working with the protocol
---

Notes for the authors may follow the settings block; pollwatch ignores them.
`,
  'lessons/01-copy.ru.md': `---
title: Как получить копию протокола
---

# Копия протокола

Наблюдатель вправе получить **заверенную копию** протокола об итогах голосования.

- Сверьте цифры с увеличенной формой.
- Сфотографируйте копию и отправьте её в pollwatch.

<script>alert(1)</script>
`,
  'quizzes/01-protocol.md': `---
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
