import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { SmsCardContent } from '@pollwatch/core';
import type { PDFFont, PDFPage } from 'pdf-lib';

const require = createRequire(import.meta.url);
const A4: [number, number] = [595.28, 841.89];
const MARGIN = 42;

export interface SmsCardData {
  card: SmsCardContent;
  organisation: { name: string; registration: string; address?: string | undefined; contacts?: string | undefined };
  /** The observer the card is printed for, if any (their name only: never a phone number). */
  observerName?: string | undefined;
}

function drawable(text: string, font: PDFFont): string {
  const set = new Set(font.getCharacterSet());
  let out = '';
  for (const ch of text) out += set.has(ch.codePointAt(0) as number) || ch === ' ' ? ch : '?';
  return out;
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of drawable(text, font).split(/\s+/).filter(Boolean)) {
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

/**
 * The printable SMS card of one form (issue 22): on the organisation's letterhead, the message
 * format, a table of codes and how to answer each, and an example that the parser accepts. One A4
 * page for the standard forms; a long form runs onto more.
 */
export async function smsCardPdf(d: SmsCardData): Promise<Uint8Array> {
  const [{ PDFDocument, rgb }, { default: fontkit }] = await Promise.all([
    import('pdf-lib'),
    import('@pdf-lib/fontkit'),
  ]);
  const t = d.card.texts;
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(`${t.title}: ${d.card.formTitle}`);
  pdf.setCreator('pollwatch');
  pdf.setProducer('pollwatch');
  const [regularBytes, boldBytes] = await Promise.all([
    readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  ]);
  const regular = await pdf.embedFont(regularBytes, { subset: true });
  const bold = await pdf.embedFont(boldBytes, { subset: true });
  const mono = regular;
  const black = rgb(0, 0, 0);
  const grey = rgb(0.55, 0.55, 0.55);
  const width = A4[0] - 2 * MARGIN;
  let page: PDFPage = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  const ensure = (height: number) => {
    if (y - height < MARGIN) {
      page = pdf.addPage(A4);
      y = A4[1] - MARGIN;
    }
  };
  const text = (s: string, font: PDFFont, size: number, o: { center?: boolean; gap?: number } = {}) => {
    for (const line of wrap(s, font, size, width)) {
      ensure(size * 1.4);
      const x = o.center ? (A4[0] - font.widthOfTextAtSize(line, size)) / 2 : MARGIN;
      page.drawText(line, { x, y: y - size, size, font, color: black });
      y -= size * 1.4;
    }
    y -= o.gap ?? 0;
  };
  const rule = () => {
    page.drawLine({ start: { x: MARGIN, y }, end: { x: A4[0] - MARGIN, y }, thickness: 0.6, color: grey });
    y -= 8;
  };

  text(d.organisation.name, bold, 12, { center: true });
  text(d.organisation.registration, regular, 8, { center: true });
  if (d.organisation.address) text(d.organisation.address, regular, 8, { center: true });
  if (d.organisation.contacts) text(d.organisation.contacts, regular, 8, { center: true });
  rule();
  text(t.title, bold, 16, { center: true, gap: 4 });
  text(t.form.replace('{form}', d.card.formTitle), bold, 11.5, { center: true, gap: 2 });
  if (d.observerName) text(t.observer.replace('{name}', d.observerName), regular, 10, { center: true });
  y -= 6;
  text(d.card.format, regular, 10, { gap: 8 });

  // The table: code | question | how to answer.
  const cols = [46, 220, width - 46 - 220];
  const size = 9;
  const row = (cells: string[], font: PDFFont, shade: boolean) => {
    const wrapped = cells.map((c, i) => wrap(c, i === 0 ? bold : font, size, (cols[i] as number) - 8));
    const height = Math.max(...wrapped.map((w) => w.length)) * size * 1.35 + 6;
    ensure(height);
    if (shade) page.drawRectangle({ x: MARGIN, y: y - height, width, height, color: rgb(0.93, 0.93, 0.93) });
    let x = MARGIN;
    wrapped.forEach((lines, i) => {
      lines.forEach((line, j) => {
        page.drawText(line, {
          x: x + 4,
          y: y - 3 - size - j * size * 1.35,
          size,
          font: i === 0 ? bold : font,
          color: black,
        });
      });
      x += cols[i] as number;
    });
    y -= height;
    page.drawLine({ start: { x: MARGIN, y }, end: { x: A4[0] - MARGIN, y }, thickness: 0.4, color: grey });
  };
  row([t.code, t.question, t.answer], bold, true);
  for (const r of d.card.rows)
    row([r.code, r.required ? `${r.question} (${t.required})` : r.question, r.answer], regular, false);
  y -= 12;
  text(t.example, bold, 11, { gap: 2 });
  text(d.card.example, mono, 13, { gap: 10 });
  text(t.reply, regular, 9.5);
  return pdf.save();
}
