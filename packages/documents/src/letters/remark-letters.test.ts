import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { remarkLetterDocx } from './remark-docx.ts';
import type { RemarkLetterData } from './remark-letter.ts';
import { remarkLetterPdf } from './remark-pdf.ts';

function letter(overrides: Partial<RemarkLetterData> = {}): RemarkLetterData {
  return {
    locale: 'ru',
    organisation: {
      name: 'ОО «Гражданский контроль»',
      registration: 'БИН 123456789012',
      address: 'г. Алматы, ул. Абая, 1',
      signatoryName: 'А. Б. Сидоров',
      signatoryTitle: 'Председатель',
    },
    number: 17,
    commission: {
      level: 'precinct',
      name: null,
      address: 'г. Алматы, ул. Шаһар, 5',
      stationNumber: 123,
      areaName: 'Алматы',
    },
    electionName: 'Выборы Президента Республики Казахстан',
    votingDate: '2026-12-20',
    title: 'Нет пандуса у входа',
    body: 'На участке нет пандуса для маломобильных избирателей.\nВход расположен на втором этаже. <script>alert(1)</script>',
    legalBasis: 'ст. 41 Конституционного закона «О выборах»',
    stations: [{ number: 123, address: 'ул. Шаһар, 5' }],
    answerDays: 5,
    datedOn: '2026-12-05',
    ...overrides,
  };
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await doc.destroy();
  return pages.join(' ').replace(/\s+/g, ' ');
}

describe('remark letters', () => {
  it('prints a PDF whose extracted text has the remark, its number, addressee and legal basis; markup stays literal', async () => {
    const bytes = await remarkLetterPdf(letter());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = await pdfText(bytes);
    expect(text).toContain('ЗАМЕЧАНИЕ');
    expect(text).toContain('Исх. № 17 от 05.12.2026');
    expect(text).toContain('Участковая избирательная комиссия избирательного участка № 123');
    expect(text).toContain('На участке нет пандуса для маломобильных избирателей.');
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('ст. 41 Конституционного закона');
    expect(text).toContain('ОО «Гражданский контроль»');
  });

  it('prints Kazakh, runs a long remark over several pages, and survives characters the font lacks', async () => {
    const long = Array.from({ length: 120 }, (_, i) => `Ескерту мәтінінің ${i + 1}-жолы 😀 қ ң ө ұ ү һ і.`).join('\n');
    const bytes = await remarkLetterPdf(
      letter({ locale: 'kk', body: long, commission: { ...letter().commission, name: '№ 123 УСК' } }),
    );
    const doc = await getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
    expect(doc.numPages).toBeGreaterThan(1);
    await doc.destroy();
    const text = await pdfText(bytes);
    expect(text).toContain('ЕСКЕРТУ');
    expect(text).toContain('№ 123 УСК төрағасына');
    expect(text).toContain('Ескерту мәтінінің 120-жолы');
  });

  it('writes a DOCX whose document.xml holds the remark with markup escaped, not interpreted', async () => {
    const zip = await JSZip.loadAsync(await remarkLetterDocx(letter({ body: 'Текст <w:p>инъекция</w:p> & \u0001' })));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('ЗАМЕЧАНИЕ');
    expect(xml).toContain('Нет пандуса у входа');
    expect(xml).toContain('Текст &lt;w:p&gt;инъекция&lt;/w:p&gt; &amp;');
    expect(xml).not.toContain('\u0001');
  });
});
