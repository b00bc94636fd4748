/** What one referral letter says, in the language it is printed in (ru or kk). */
export interface ReferralLetterData {
  locale: 'ru' | 'kk';
  organisation: {
    name: string;
    registration: string;
    address?: string | undefined;
    contacts?: string | undefined;
    signatoryName: string;
    signatoryTitle: string;
  };
  observerName: string;
  idDocument: string;
  electionName: string;
  /** `YYYY-MM-DD`. */
  votingDate: string;
  station: { number: number; address: string };
  /** Printed on the letter; anyone can check it at `verifyUrl`. */
  code: string;
  verifyUrl: string;
  /** `YYYY-MM-DD`. */
  issuedOn: string;
}

/** `2022-11-20` → `20.11.2022`, as both languages write dates on official papers. */
export function dottedDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

export interface LetterText {
  title: string;
  paragraphs: string[];
  signatureLine: string;
  verification: string;
  dateLine: string;
}

/**
 * The wording of the letter. Observers from civic associations attend under article 20 of the
 * Constitutional Law "On Elections in the Republic of Kazakhstan". The Kazakh paragraph renders the
 * law's sense of being present ("присутствовать … при составлении протокола": "хаттаманы жасау
 * кезінде болуға"), not taking part in filling it in; it still needs a legal proof-read against the
 * official Kazakh text of the law (see packages/core/src/i18n/glossary.ts).
 */
export function letterText(l: ReferralLetterData): LetterText {
  const date = dottedDate(l.votingDate);
  if (l.locale === 'kk') {
    return {
      title: 'ЖОЛДАМА',
      paragraphs: [
        `${l.organisation.name} ${l.observerName} азаматты (жеке басын куәландыратын құжат № ${l.idDocument}) байқаушы ретінде № ${l.station.number} сайлау учаскесіне${l.station.address ? ` (${l.station.address})` : ''} жібереді: ${l.electionName}, дауыс беру күні ${date}.`,
        'Байқаушы «Қазақстан Республикасындағы сайлау туралы» Қазақстан Республикасы Конституциялық заңының 20-бабына сәйкес учаскелік сайлау комиссиясының отырыстарында, дауыс беру, дауыстарды санау және хаттаманы жасау кезінде болуға, хаттаманың көшірмесін алуға құқылы.',
        'Комиссиядан байқаушының жұмысына жәрдемдесуді сұраймыз.',
      ],
      signatureLine: `${l.organisation.signatoryTitle} ____________ ${l.organisation.signatoryName}`,
      verification: `Жолдаманың түпнұсқалығын тексеру: ${l.verifyUrl} — код ${l.code}`,
      dateLine: `Берілген күні: ${dottedDate(l.issuedOn)}`,
    };
  }
  return {
    title: 'НАПРАВЛЕНИЕ',
    paragraphs: [
      `${l.organisation.name} направляет гражданина(ку) ${l.observerName} (документ, удостоверяющий личность, № ${l.idDocument}) в качестве наблюдателя на избирательный участок № ${l.station.number}${l.station.address ? ` (${l.station.address})` : ''}: ${l.electionName}, день голосования ${date}.`,
      'В соответствии со статьёй 20 Конституционного закона Республики Казахстан «О выборах в Республике Казахстан» наблюдатель вправе присутствовать на заседаниях участковой избирательной комиссии, при голосовании, подсчёте голосов и составлении протокола, получить копию протокола.',
      'Просим комиссию оказывать содействие наблюдателю в его работе.',
    ],
    signatureLine: `${l.organisation.signatoryTitle} ____________ ${l.organisation.signatoryName}`,
    verification: `Проверить подлинность направления: ${l.verifyUrl} — код ${l.code}`,
    dateLine: `Дата выдачи: ${dottedDate(l.issuedOn)}`,
  };
}
