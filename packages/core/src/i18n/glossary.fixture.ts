/**
 * A small fake text set with forbidden variants planted in it, beside texts that only look like
 * them: the glossary test proves the check fails on the first and passes the second.
 */
export const plantedKk = {
  field: {
    // planted: "қатысу" for turnout, inflected
    turnoutAt: '{{time}} кезіндегі сайлаушылардың қатысуы',
    // planted: "бақылау" for observation, inflected and capitalised
    visit: 'Бақылауыңызға кедергі келтіріле ме?',
    // planted: a first-person progress label
    saving: 'Сақтаудамыз…',
  },
  verify: {
    // planted: "returned" for a revoked letter, two words
    invalidBody: 'Жолдама кері   қайтарылған.',
  },
  clean: {
    // the glossary terms themselves
    turnout: 'Сайлаушылардың келуі, %',
    observation: 'Байқау уақыты',
    // a compound word: video surveillance is not observation
    cameras: 'Бейнебақылау камералары орнатылған ба?',
    // someone present is not turnout
    present: 'Әр бюллетень қатысушыларға көрсетілді ме?',
    // the protocol line's legal wording
    tookPart: 'Дауыс беруге қатысқан сайлаушылар саны',
  },
  results: {
    checks: {
      // allowed by an exception: the protocol's control relations
      title: 'Хаттаманың бақылау арақатынастары',
    },
  },
} as const;

/** The keys the check must name for `plantedKk`, in order. */
export const plantedKkViolations = [
  { key: 'field.turnoutAt', concept: 'turnout', found: 'қатысуы' },
  { key: 'field.visit', concept: 'observation', found: 'Бақылауыңызға' },
  { key: 'field.saving', concept: 'impersonalVoice', found: 'Сақтаудамыз' },
  { key: 'verify.invalidBody', concept: 'revoked', found: 'кері   қайтарылған' },
] as const;
