import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Color, PDFFont, PDFPage } from 'pdf-lib';
import { letterText, type ReferralLetterData } from './letter-texts.ts';

const require = createRequire(import.meta.url);

/**
 * DejaVu Sans ships with the npm package (never the system's fonts: CI is a fresh machine) and
 * has every Cyrillic letter Kazakh needs: ә ғ қ ң ө ұ ү һ і.
 */
export async function fonts(): Promise<{ regular: Uint8Array; bold: Uint8Array }> {
  const [regular, bold] = await Promise.all([
    readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  ]);
  return { regular, bold };
}

export const A4: [number, number] = [595.28, 841.89];
export const MARGIN = 56;

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export class Writer {
  y: number;
  constructor(
    private readonly page: PDFPage,
    top: number,
    private readonly colors: { text: Color; rule: Color },
  ) {
    this.y = top;
  }
  text(text: string, font: PDFFont, size: number, options: { center?: boolean; gapAfter?: number } = {}) {
    const width = A4[0] - 2 * MARGIN;
    for (const line of wrap(text, font, size, width)) {
      const x = options.center ? (A4[0] - font.widthOfTextAtSize(line, size)) / 2 : MARGIN;
      this.page.drawText(line, { x, y: this.y, size, font, color: this.colors.text });
      this.y -= size * 1.45;
    }
    this.y -= options.gapAfter ?? 0;
  }
  rule() {
    this.page.drawLine({
      start: { x: MARGIN, y: this.y + 6 },
      end: { x: A4[0] - MARGIN, y: this.y + 6 },
      thickness: 0.8,
      color: this.colors.rule,
    });
    this.y -= 14;
  }
}

/** One A4 page per letter, all in one PDF (a batch for an area is one file to print). */
export async function referralLettersPdf(letters: readonly ReferralLetterData[]): Promise<Uint8Array> {
  // pdf-lib and its font engine take ~0.6 s to load: on the first letter, not at every start of
  // the server or of one of its worker threads.
  const [{ PDFDocument, rgb }, { default: fontkit }] = await Promise.all([
    import('pdf-lib'),
    import('@pdf-lib/fontkit'),
  ]);
  const colors = { text: rgb(0, 0, 0), rule: rgb(0.2, 0.2, 0.2) };
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(letters.length === 1 ? 'Referral letter' : 'Referral letters');
  pdf.setCreator('pollwatch');
  pdf.setProducer('pollwatch');
  const files = await fonts();
  const regular = await pdf.embedFont(files.regular, { subset: true });
  const bold = await pdf.embedFont(files.bold, { subset: true });
  for (const letter of letters) {
    const t = letterText(letter);
    const page = pdf.addPage(A4);
    const w = new Writer(page, A4[1] - MARGIN, colors);
    // Letterhead
    w.text(letter.organisation.name, bold, 13, { center: true, gapAfter: 2 });
    w.text(letter.organisation.registration, regular, 8.5, { center: true });
    if (letter.organisation.address) w.text(letter.organisation.address, regular, 8.5, { center: true });
    if (letter.organisation.contacts) w.text(letter.organisation.contacts, regular, 8.5, { center: true });
    w.rule();
    w.text(t.dateLine, regular, 10, { gapAfter: 18 });
    w.text(t.title, bold, 16, { center: true, gapAfter: 16 });
    for (const p of t.paragraphs) w.text(p, regular, 11.5, { gapAfter: 10 });
    w.y -= 30;
    w.text(t.signatureLine, regular, 11.5, { gapAfter: 40 });
    w.text(t.verification, regular, 9);
  }
  return pdf.save();
}
