import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { ReferralLetterData } from './letter-texts.ts';
import { referralLetterDocx } from './referral-docx.ts';
import { referralLettersPdf } from './referral-pdf.ts';

const KAZAKH_LETTERS = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];

function letter(overrides: Partial<ReferralLetterData> = {}): ReferralLetterData {
  return {
    locale: 'kk',
    organisation: {
      name: '«Әділ сайлау үшін» қоғамдық бірлестігі',
      registration: 'БСН 123456789012, тіркеу куәлігі № 4567-1910-ҚБ',
      address: 'Алматы қ., Әуезов көшесі, 12',
      signatoryName: 'Һәкімжан Нұрланұлы',
      signatoryTitle: 'Төраға',
    },
    observerName: 'Әсем Ғалымқызы Өңірбаева',
    idDocument: '045678912',
    electionName: 'Қазақстан Республикасы Президентінің кезектен тыс сайлауы',
    votingDate: '2022-11-20',
    station: { number: 123, address: 'Алматы қ., Шаһар көшесі, 5, № 45 мектеп' },
    code: 'ABCD-EFGH-JKMN-PQRS',
    verifyUrl: 'https://observe.example.kz/verify/ABCD-EFGH-JKMN-PQRS',
    issuedOn: '2022-11-15',
    ...overrides,
  };
}

async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    pages.push(text.replace(/\s+/g, ' '));
  }
  await doc.destroy();
  return pages;
}

describe('referral letters', () => {
  it('renders a Kazakh letter whose text extracts back with every Kazakh letter and the exact name', async () => {
    const bytes = await referralLettersPdf([letter()]);
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const [page] = await pdfText(bytes);
    expect(page).toContain('ЖОЛДАМА');
    expect(page).toContain('Әсем Ғалымқызы Өңірбаева');
    expect(page).toContain('«Әділ сайлау үшін» қоғамдық бірлестігі');
    expect(page).toContain('ABCD-EFGH-JKMN-PQRS');
    for (const ch of KAZAKH_LETTERS) {
      expect(page, `lower-case ${ch}`).toContain(ch);
    }
    expect(page).toContain('Һәкімжан');
  });

  it('renders a batch as one PDF with one page per letter, in Russian too', async () => {
    const bytes = await referralLettersPdf([
      letter({ locale: 'ru', observerName: 'Иван Петрович Сидоров', station: { number: 7, address: 'ул. Абая, 1' } }),
      letter(),
    ]);
    const pages = await pdfText(bytes);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('НАПРАВЛЕНИЕ');
    expect(pages[0]).toContain('Иван Петрович Сидоров');
    expect(pages[0]).toContain('№ 7');
    expect(pages[1]).toContain('ЖОЛДАМА');
  });

  it('writes a DOCX whose document.xml has the letter', async () => {
    const buffer = await referralLetterDocx(letter());
    const zip = await JSZip.loadAsync(buffer);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('ЖОЛДАМА');
    expect(xml).toContain('Әсем Ғалымқызы Өңірбаева');
    expect(xml).toContain('045678912');
    expect(xml).toContain('ABCD-EFGH-JKMN-PQRS');
    expect(xml).toContain('«Әділ сайлау үшін» қоғамдық бірлестігі');
  });
});
