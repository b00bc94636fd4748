/**
 * Russian and Kazakh Cyrillic in plain Latin letters, one table for the whole project: form codes
 * from file names, ballot option codes from names, and the Latin skeletons that let results-file
 * headers written in transliteration meet the protocol's Russian line names.
 *
 * `common` is the everyday spelling (й → y, ю → yu, я → ya); `icao` is the passport spelling
 * (й → i, ю → iu, я → ia) that ballot option codes have always used.
 */
const common: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  ә: 'a',
  ғ: 'g',
  қ: 'q',
  ң: 'n',
  ө: 'o',
  ұ: 'u',
  ү: 'u',
  һ: 'h',
  і: 'i',
};

const icao: Readonly<Record<string, string>> = { ...common, й: 'i', ю: 'iu', я: 'ia' };

export type TransliterationStyle = 'common' | 'icao';

/** Lower-cases `text` and writes its Cyrillic letters in Latin; every other character stays. */
export function transliterate(text: string, style: TransliterationStyle = 'common'): string {
  const letters = style === 'icao' ? icao : common;
  return [...text.normalize('NFC').toLowerCase()].map((c) => letters[c] ?? c).join('');
}
