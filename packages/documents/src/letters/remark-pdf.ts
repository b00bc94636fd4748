import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { PDFDocument, PDFFont, PDFImage, PDFPage, RGB } from 'pdf-lib';
import { type RemarkLetterData, remarkLetterText } from './remark-letter.ts';

const require = createRequire(import.meta.url);
const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

/** DejaVu Sans from the npm package, as the referral letters use (every Kazakh letter). */
async function fonts(): Promise<{ regular: Uint8Array; bold: Uint8Array }> {
  const [regular, bold] = await Promise.all([
    readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  ]);
  return { regular, bold };
}

/** Text as the font can draw it: a character it lacks (an emoji, say) prints as "?" instead of failing. */
function drawable(text: string, font: PDFFont): string {
  const set = new Set(font.getCharacterSet());
  let out = '';
  for (const ch of text) out += set.has(ch.codePointAt(0) as number) || ch === ' ' ? ch : '?';
  return out;
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !line) {
      line = candidate;
      continue;
    }
    lines.push(line);
    line = word;
  }
  if (line) lines.push(line);
  // A word wider than the page (a long URL) is cut, not run off the edge.
  return lines.flatMap((l) => {
    if (font.widthOfTextAtSize(l, size) <= width) return [l];
    const parts: string[] = [];
    let part = '';
    for (const ch of l) {
      if (font.widthOfTextAtSize(part + ch, size) > width && part) {
        parts.push(part);
        part = '';
      }
      part += ch;
    }
    if (part) parts.push(part);
    return parts;
  });
}

/** Writes lines top-down and starts a new page when one is full (a long remark runs over pages). */
class PagedWriter {
  private page: PDFPage;
  private y: number;
  constructor(
    private readonly pdf: PDFDocument,
    private readonly color: RGB,
  ) {
    this.page = pdf.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
  text(
    text: string,
    font: PDFFont,
    size: number,
    options: { center?: boolean; right?: boolean; gapAfter?: number } = {},
  ) {
    const width = A4[0] - 2 * MARGIN;
    for (const line of wrap(drawable(text, font), font, size, options.right ? width * 0.55 : width)) {
      if (this.y < MARGIN + size) {
        this.page = this.pdf.addPage(A4);
        this.y = A4[1] - MARGIN;
      }
      const w = font.widthOfTextAtSize(line, size);
      const x = options.center ? (A4[0] - w) / 2 : options.right ? A4[0] - MARGIN - width * 0.55 : MARGIN;
      this.page.drawText(line, { x, y: this.y, size, font, color: this.color });
      this.y -= size * 1.45;
    }
    this.y -= options.gapAfter ?? 0;
  }
  rule() {
    this.page.drawLine({
      start: { x: MARGIN, y: this.y + 6 },
      end: { x: A4[0] - MARGIN, y: this.y + 6 },
      thickness: 0.8,
      color: this.color,
    });
    this.y -= 14;
  }
  gap(points: number) {
    this.y -= points;
  }
  /** A picture at most `maxWidth` × `maxHeight` points, on a new page when it does not fit. */
  image(image: PDFImage, maxWidth: number, maxHeight: number) {
    const scale = Math.min(1, maxWidth / image.width, maxHeight / image.height);
    const width = image.width * scale;
    const height = image.height * scale;
    if (this.y - height < MARGIN) {
      this.page = this.pdf.addPage(A4);
      this.y = A4[1] - MARGIN;
    }
    this.page.drawImage(image, { x: MARGIN, y: this.y - height, width, height });
    this.y -= height + 14;
  }
}

/** A remark as a letter to its commission, on the organisation's letterhead (A4, one or more pages). */
export async function remarkLetterPdf(letter: RemarkLetterData): Promise<Uint8Array> {
  const [{ PDFDocument, rgb }, { default: fontkit }] = await Promise.all([
    import('pdf-lib'),
    import('@pdf-lib/fontkit'),
  ]);
  const t = remarkLetterText(letter);
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(`${t.heading} № ${letter.number}`);
  pdf.setCreator('pollwatch');
  pdf.setProducer('pollwatch');
  const files = await fonts();
  const regular = await pdf.embedFont(files.regular, { subset: true });
  const bold = await pdf.embedFont(files.bold, { subset: true });
  const w = new PagedWriter(pdf, rgb(0, 0, 0));
  w.text(letter.organisation.name, bold, 13, { center: true, gapAfter: 2 });
  w.text(letter.organisation.registration, regular, 8.5, { center: true });
  if (letter.organisation.address) w.text(letter.organisation.address, regular, 8.5, { center: true });
  if (letter.organisation.contacts) w.text(letter.organisation.contacts, regular, 8.5, { center: true });
  w.rule();
  w.text(t.reference, regular, 10, { gapAfter: 8 });
  for (const line of t.addressee) w.text(line, regular, 11, { right: true });
  w.gap(18);
  w.text(t.heading, bold, 16, { center: true, gapAfter: 6 });
  w.text(t.subject, bold, 11.5, { gapAfter: 10 });
  w.text(t.intro, regular, 11.5, { gapAfter: 8 });
  for (const p of t.body) w.text(p, regular, 11.5, { gapAfter: 8 });
  if (t.stations) w.text(t.stations, regular, 11.5, { gapAfter: 8 });
  if (t.legalBasis) w.text(t.legalBasis, regular, 11.5, { gapAfter: 8 });
  w.text(t.request, regular, 11.5, { gapAfter: 30 });
  w.text(t.signatureLine, regular, 11.5);
  const photos = letter.photos ?? [];
  if (t.photosHeading && photos.length > 0) {
    w.gap(24);
    w.text(t.photosHeading, bold, 11.5, { gapAfter: 8 });
    for (const [i, photo] of photos.entries()) {
      // a copy: pdf-lib reads the bytes' whole ArrayBuffer, and a small Buffer is a slice of a shared pool
      w.image(await pdf.embedJpg(new Uint8Array(photo.jpeg)), 240, 240);
      w.text(t.photoCaptions[i] ?? '', regular, 9.5, { gapAfter: 10 });
    }
  }
  return pdf.save();
}
