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

  // a 12 × 8 JPEG as the server's thumbnails are (re-encoded, no metadata)
  const jpeg = Buffer.from(
    '/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIAAwDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABgf/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCAAHlhf//Z',
    'base64',
  );
  const photos = [
    { jpeg, width: 12, height: 8, stationNumber: 123 },
    { jpeg, width: 12, height: 8, stationNumber: 124 },
  ];

  it('prints the evidence photos in the PDF: images on the page, each captioned with its station', async () => {
    const bytes = await remarkLetterPdf(letter({ photos }));
    const doc = await getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
    let images = 0;
    const { OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    for (let i = 1; i <= doc.numPages; i++) {
      const ops = await (await doc.getPage(i)).getOperatorList();
      images += ops.fnArray.filter((fn) => fn === OPS.paintImageXObject).length;
    }
    await doc.destroy();
    expect(images).toBe(2);
    const text = await pdfText(bytes);
    expect(text).toContain('Приложение: фотографии');
    expect(text).toContain('Фото 2. Избирательный участок № 124');
    // without photos: no annex, no image
    expect(await pdfText(await remarkLetterPdf(letter()))).not.toContain('Приложение: фотографии');
  });

  it('puts the evidence photos into the DOCX as pictures (word/media) with their captions, Kazakh too', async () => {
    const zip = await JSZip.loadAsync(await remarkLetterDocx(letter({ locale: 'kk', photos })));
    const media = Object.keys(zip.files).filter((name) => name.startsWith('word/media/'));
    expect(media.length).toBeGreaterThanOrEqual(1);
    const stored = await zip.file(media[0] as string)?.async('nodebuffer');
    expect(stored?.equals(jpeg)).toBe(true);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(xml.match(/<pic:pic\b/g)?.length).toBe(2);
    expect(xml).toContain('Қосымша: фотосуреттер');
    expect(xml).toContain('2-сурет. № 124 сайлау учаскесі');
  });
});
