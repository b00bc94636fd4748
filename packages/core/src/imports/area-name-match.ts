/**
 * Forgiving comparison of area names as commissions write them: "г. Алматы" ≈ "Алматы (город)" ≈
 * "Алматы қаласы", "Абайская обл." ≈ "Абайская область", "Шымкент (Чимкент)" ≈ "Чимкент", and a
 * territorial commission's name ("Медеуская районная ТИК", "ТИК Медеуского района") ≈ its district
 * ("Медеуский район"). A name becomes its distinctive words (designators and commission words
 * dropped, Russian adjective endings cut) and the kind of place its designators said (city, oblast,
 * district). Two names match when their words are equal and their kinds do not contradict:
 * "Алматы қаласы" (a city) never matches "Алматы облысы" (an oblast).
 */

export type PlaceKind = 'city' | 'oblast' | 'district';

export interface NameForm {
  /** Distinctive words, stemmed, in the order written, joined by one space. */
  stem: string;
  words: readonly string[];
  /** What the designators said, or null when the name had none. */
  kind: PlaceKind | null;
  /** The name read like a commission's ("ТИК", "комиссия", "сайлау комиссиясы"). */
  commission: boolean;
}

const designators: Record<string, PlaceKind> = {};
for (const w of ['г', 'гор', 'город', 'города', 'городская', 'городской', 'городе', 'қ', 'қала', 'қаласы', 'қалалық'])
  designators[w] = 'city';
for (const w of ['каласы', 'калалык', 'city']) designators[w] = 'city';
for (const w of ['обл', 'область', 'области', 'областная', 'областной', 'облысы', 'облыстық', 'облыстык', 'oblast'])
  designators[w] = 'oblast';
for (const w of ['region', 'province']) designators[w] = 'oblast';
for (const w of ['р-н', 'рн', 'р', 'район', 'района', 'районе', 'районная', 'районный', 'районной', 'ауданы'])
  designators[w] = 'district';
for (const w of ['аудан', 'аудандық', 'аудандык', 'district']) designators[w] = 'district';

/** Words of a commission's name that say nothing about where it is. */
const commissionWords = new Set([
  'тик',
  'тизк',
  'тиз',
  'оик',
  'окружная',
  'территориальная',
  'территориальной',
  'избирательная',
  'избирательной',
  'комиссия',
  'комиссии',
  'аск',
  'аумақтық',
  'аумактык',
  'сайлау',
  'комиссиясы',
  'commission',
  'territorial',
  'election',
  'electoral',
  'of',
  'the',
]);

// Longest first: "ского" before "ого".
const adjectiveEndings = [
  'ская',
  'ской',
  'ский',
  'ское',
  'ского',
  'скому',
  'ском',
  'скую',
  'ские',
  'ских',
  'цкая',
  'цкий',
  'цкого',
  'ая',
  'яя',
  'ий',
  'ый',
  'ой',
  'ое',
  'ее',
  'ого',
  'его',
  'ому',
  'ему',
  'ую',
  'юю',
  'ые',
  'ие',
  'ых',
  'их',
].sort((a, b) => b.length - a.length);

/** "медеуского" → "медеуск", "алматинская" → "алматинск"; short words and nouns stay as written. */
function stemWord(word: string): string {
  for (const ending of adjectiveEndings) {
    if (word.length - ending.length >= 4 && word.endsWith(ending)) {
      // Keep the "ск"/"цк" of an adjective so that "медеуский" and "медеуского" meet at "медеуск".
      const cut = ending.startsWith('ск') || ending.startsWith('цк') ? ending.length - 2 : ending.length;
      return word.slice(0, word.length - cut);
    }
  }
  return word;
}

function fold(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/ё/g, 'е');
}

/** One form of a name without parentheses. */
function formOf(text: string): NameForm & { bare: boolean } {
  const raw = fold(text)
    .replace(/(^|[^\p{L}])р-н(?![\p{L}])/gu, '$1 рн ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  let kind: PlaceKind | null = null;
  let commission = false;
  const words: string[] = [];
  for (const w of raw) {
    const designated = designators[w];
    if (designated) {
      // The first designator wins: "Медеуская районная ТИК г. Алматы" is a district.
      kind ??= designated;
      continue;
    }
    if (commissionWords.has(w)) {
      commission = true;
      continue;
    }
    words.push(stemWord(w));
  }
  return { stem: words.join(' '), words, kind, commission, bare: words.length === 0 };
}

/**
 * The forms a name can be matched by: the name without its parenthesised parts, and each
 * parenthesised alternative ("Шымкент (Чимкент)" → "шымкент", "чимкент"). A parenthesis holding
 * only a designator ("Алматы (город)") gives the main name its kind instead.
 */
export function nameForms(text: string): NameForm[] {
  const inner = [...text.matchAll(/\(([^()]*)\)/g)].map((m) => m[1] ?? '');
  const outer = text.replace(/\([^()]*\)/g, ' ');
  const main = formOf(outer);
  const forms: (NameForm & { bare: boolean })[] = [];
  for (const part of inner) {
    const f = formOf(part);
    if (f.bare) {
      main.kind ??= f.kind;
      main.commission ||= f.commission;
    } else forms.push(f);
  }
  if (!main.bare) forms.unshift(main);
  return forms.map(({ bare: _bare, ...f }) => f);
}

/** Equal distinctive words, and kinds that do not contradict each other. */
export function sameName(a: NameForm, b: NameForm): boolean {
  return a.stem === b.stem && a.stem !== '' && (a.kind === null || b.kind === null || a.kind === b.kind);
}

/**
 * Every distinctive word of the area's name appears in the text: "ТИК Медеуского района г. Алматы"
 * contains "медеуск". Used for a commission's name within its region, where it is unambiguous.
 */
export function containsName(text: NameForm, area: NameForm): boolean {
  if (area.words.length === 0 || (text.kind && area.kind && text.kind !== area.kind)) return false;
  const words = new Set(text.words);
  return area.words.every((w) => words.has(w));
}

/** A key that groups spellings of one new name in a file: "Абайская обл." and "Абайская область". */
export function looseNameKey(text: string): string {
  const [first] = nameForms(text);
  return first ? `${first.stem}|${first.kind ?? ''}` : fold(text).replace(/\s+/g, ' ').trim();
}

/** A commission's name rather than a place's: "Медеуская районная ТИК", "Медеу аудандық сайлау комиссиясы". */
export function looksLikeCommission(text: string): boolean {
  return nameForms(text).some((f) => f.commission);
}

/** The kind of place the name's designators say, e.g. "Семейская городская ТИК" → city. */
export function placeKindOf(text: string): PlaceKind | null {
  return nameForms(text)[0]?.kind ?? null;
}
