import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { type CertificateData, certificatePdf } from './certificate-pdf.ts';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const content = await (await doc.getPage(1)).getTextContent();
  const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
  await doc.destroy();
  return text.replace(/\s+/g, ' ');
}

const base: CertificateData = {
  locale: 'kk',
  organisation: { name: '«Азаматтық бастама» ҚБ', registration: 'БСН 123456789012' },
  signatoryName: 'А. Ахметов',
  signatoryTitle: 'Төраға',
  holderName: 'Өмірзақова Әсем Ғалымқызы',
  electionName: 'Мәслихат сайлауы 2026',
  classesAttended: 1,
  quizzes: ['Байқаушы тесті'],
  code: 'FXE4-Q5TN-3CJT-NB3U',
  verifyUrl: 'https://example.org/verify/FXE4-Q5TN-3CJT-NB3U',
  issuedOn: '2026-12-06',
};

describe('school certificate', () => {
  it('prints the letterhead, the holder, what was completed and the code in Kazakh', async () => {
    const text = await pdfText(await certificatePdf(base));
    for (const part of [
      '«Азаматтық бастама» ҚБ',
      'СЕРТИФИКАТ',
      'Өмірзақова Әсем Ғалымқызы',
      'Байқаушы тесті',
      '06.12.2026',
    ]) {
      expect(text).toContain(part);
    }
    expect(text.replace(/\s/g, '')).toContain('FXE4-Q5TN-3CJT-NB3U');
  });

  it('prints in Russian', async () => {
    const text = await pdfText(
      await certificatePdf({
        ...base,
        locale: 'ru',
        electionName: 'Выборы в маслихат',
        signatoryTitle: 'Председатель',
      }),
    );
    expect(text).toContain('Настоящий сертификат подтверждает, что');
    expect(text).toContain('Дата выдачи: 06.12.2026');
  });
});
