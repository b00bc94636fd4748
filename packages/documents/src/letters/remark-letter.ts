import { dottedDate } from './letter-texts.ts';

/** What one remark letter says, in the language it is printed in (ru or kk). */
export interface RemarkLetterData {
  locale: 'ru' | 'kk';
  organisation: {
    name: string;
    registration: string;
    address?: string | undefined;
    contacts?: string | undefined;
    signatoryName: string;
    signatoryTitle: string;
  };
  /** The register number, printed as the letter's outgoing number. */
  number: number;
  commission: {
    level: 'precinct' | 'territorial' | 'central';
    /** As the territory tree names it; a default wording is used when absent. */
    name: string | null;
    address: string | null;
    /** Precinct: the station's number. Territorial: the area's name. */
    stationNumber: number | null;
    areaName: string;
  };
  electionName: string;
  /** `YYYY-MM-DD`. */
  votingDate: string;
  title: string;
  body: string;
  legalBasis: string | null;
  /** Stations the remark concerns (evidence), by number. */
  stations: { number: number; address: string }[];
  answerDays: number;
  /** `YYYY-MM-DD`: the day it is sent, or printed. */
  datedOn: string;
  /**
   * The remark's evidence photos as printable thumbnails: JPEG already re-encoded by the caller
   * (no EXIF, bounded size), each with the number of its station. Printed after the signature.
   */
  photos?: RemarkLetterPhoto[];
}

export interface RemarkLetterPhoto {
  /** A baseline JPEG (what pdf-lib and Word embed as they are). */
  jpeg: Uint8Array;
  width: number;
  height: number;
  stationNumber: number;
}

export interface RemarkLetterText {
  reference: string;
  addressee: string[];
  heading: string;
  subject: string;
  intro: string;
  body: string[];
  stations: string | null;
  legalBasis: string | null;
  request: string;
  signatureLine: string;
  /** The heading of the photos annex (null without photos) and each photo's caption. */
  photosHeading: string | null;
  photoCaptions: string[];
}

/**
 * Characters a printed letter must not carry: C0 controls (they break DOCX's XML) and the bidi
 * overrides that can make text read otherwise than it is stored. Markup stays as literal text: the
 * letter never interprets it.
 */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g, '');
}

function addressee(l: RemarkLetterData): string[] {
  const c = l.commission;
  const kk = l.locale === 'kk';
  let name = c.name?.trim();
  if (!name) {
    if (c.level === 'precinct') {
      name = kk
        ? `№ ${c.stationNumber} сайлау учаскесінің учаскелік сайлау комиссиясы`
        : `Участковая избирательная комиссия избирательного участка № ${c.stationNumber}`;
    } else if (c.level === 'territorial') {
      name = kk ? `${c.areaName} аумақтық сайлау комиссиясы` : `Территориальная избирательная комиссия: ${c.areaName}`;
    } else {
      name = kk
        ? 'Қазақстан Республикасының Орталық сайлау комиссиясы'
        : 'Центральная избирательная комиссия Республики Казахстан';
    }
  }
  const lines = [kk ? `${name} төрағасына` : `Председателю: ${name}`];
  if (c.address?.trim()) lines.push(c.address.trim());
  return lines.map(printable);
}

/** The wording of a remark letter: outgoing number, addressee, the finding, the legal basis, the request. */
export function remarkLetterText(l: RemarkLetterData): RemarkLetterText {
  const kk = l.locale === 'kk';
  const date = dottedDate(l.datedOn);
  const body = printable(l.body)
    .split(/\n\s*\n|\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const stationList = l.stations.map((s) => `№ ${s.number}`).join(', ');
  const stations =
    l.stations.length === 0
      ? null
      : kk
        ? `Сайлау учаскелері: ${stationList}.`
        : `${l.stations.length === 1 ? 'Избирательный участок' : 'Избирательные участки'}: ${stationList}.`;
  const legal = l.legalBasis?.trim() ? printable(l.legalBasis.trim()) : null;
  const org = printable(l.organisation.name);
  const election = printable(l.electionName);
  const photos = l.photos ?? [];
  if (kk) {
    return {
      reference: `Шығ. № ${l.number}, ${date}`,
      addressee: addressee(l),
      heading: 'ЕСКЕРТУ',
      subject: `Тақырыбы: ${printable(l.title)}`,
      intro: `${org} «${election}» (дауыс беру күні ${dottedDate(l.votingDate)}) сайлауын байқау барысында комиссияның назарына мынаны жеткізеді:`,
      body,
      stations,
      legalBasis: legal ? `Құқықтық негіз: ${legal}` : null,
      request: `Ескертуді қарап, қабылданған шаралар туралы ${l.answerDays} күн ішінде жазбаша хабарлауды сұраймыз.`,
      signatureLine: `${printable(l.organisation.signatoryTitle)} ____________ ${printable(l.organisation.signatoryName)}`,
      photosHeading: photos.length > 0 ? 'Қосымша: фотосуреттер' : null,
      photoCaptions: photos.map((p, i) => `${i + 1}-сурет. № ${p.stationNumber} сайлау учаскесі`),
    };
  }
  return {
    reference: `Исх. № ${l.number} от ${date}`,
    addressee: addressee(l),
    heading: 'ЗАМЕЧАНИЕ',
    subject: `О: ${printable(l.title)}`,
    intro: `${org} в ходе наблюдения за выборами «${election}» (день голосования ${dottedDate(l.votingDate)}) доводит до сведения комиссии следующее:`,
    body,
    stations,
    legalBasis: legal ? `Правовое основание: ${legal}` : null,
    request: `Просим рассмотреть замечание и в течение ${l.answerDays} дней письменно сообщить о принятых мерах.`,
    signatureLine: `${printable(l.organisation.signatoryTitle)} ____________ ${printable(l.organisation.signatoryName)}`,
    photosHeading: photos.length > 0 ? 'Приложение: фотографии' : null,
    photoCaptions: photos.map((p, i) => `Фото ${i + 1}. Избирательный участок № ${p.stationNumber}`),
  };
}
