import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Block, ResolutionDocument, Run } from '@pollwatch/core';
import type { Color, PDFDocument, PDFFont, PDFPage } from 'pdf-lib';

const require = createRequire(import.meta.url);

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const WIDTH = A4[0] - 2 * MARGIN;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
}

function fontOf(fonts: Fonts, run: Run): PDFFont {
  return run.bold ? fonts.bold : run.italic ? fonts.italic : fonts.regular;
}

/** Words of runs, each with its font, broken into lines no wider than `width`. */
function layoutRuns(runs: readonly Run[], fonts: Fonts, size: number, width: number) {
  type Piece = { text: string; font: PDFFont; width: number };
  const lines: Piece[][] = [];
  let line: Piece[] = [];
  let used = 0;
  const space = fonts.regular.widthOfTextAtSize(' ', size);
  for (const run of runs) {
    const font = fontOf(fonts, run);
    for (const word of run.text.split(/\s+/).filter(Boolean)) {
      let text = word;
      let w = font.widthOfTextAtSize(text, size);
      // A word longer than the line (a hash, a URL) is cut where it overflows.
      while (w > width && text.length > 1) {
        let cut = text.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(text.slice(0, cut), size) > width) cut--;
        if (line.length) lines.push(line);
        lines.push([{ text: text.slice(0, cut), font, width: font.widthOfTextAtSize(text.slice(0, cut), size) }]);
        line = [];
        used = 0;
        text = text.slice(cut);
        w = font.widthOfTextAtSize(text, size);
      }
      const extra = line.length ? space : 0;
      if (used + extra + w > width && line.length) {
        lines.push(line);
        line = [];
        used = 0;
      }
      line.push({ text, font, width: w });
      used += (line.length > 1 ? space : 0) + w;
    }
  }
  if (line.length) lines.push(line);
  return { lines, space };
}

class PdfWriter {
  page!: PDFPage;
  y = 0;
  pageNumber = 0;
  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: Fonts,
    private readonly colors: { text: Color; rule: Color; shade: Color },
    private readonly footer: string,
  ) {
    this.newPage();
  }

  newPage() {
    this.page = this.pdf.addPage(A4);
    this.pageNumber++;
    this.y = A4[1] - MARGIN;
    const text = `${this.footer} — ${this.pageNumber}`;
    this.page.drawText(text, {
      x: MARGIN,
      y: MARGIN / 2,
      size: 7,
      font: this.fonts.regular,
      color: this.colors.rule,
    });
  }

  ensure(height: number) {
    if (this.y - height < MARGIN) this.newPage();
  }

  runs(runs: readonly Run[], size: number, options: { center?: boolean; gapAfter?: number; indent?: number } = {}) {
    const indent = options.indent ?? 0;
    const { lines, space } = layoutRuns(runs, this.fonts, size, WIDTH - indent);
    for (const line of lines) {
      this.ensure(size * 1.4);
      const lineWidth = line.reduce((s, p) => s + p.width, 0) + space * (line.length - 1);
      let x = options.center ? (A4[0] - lineWidth) / 2 : MARGIN + indent;
      for (const piece of line) {
        this.page.drawText(piece.text, { x, y: this.y - size, size, font: piece.font, color: this.colors.text });
        x += piece.width + space;
      }
      this.y -= size * 1.4;
    }
    this.y -= options.gapAfter ?? 0;
  }

  table(caption: string, columns: string[], rows: string[][], numeric: boolean[], size = 8) {
    const pad = 3;
    const font = this.fonts.regular;
    const bold = this.fonts.bold;
    // Column widths: each column's longest text (capped), scaled to the page width.
    const want = columns.map((c, i) => {
      // At least the header's longest word (a header is never cut inside a word), at most 260 pt.
      const words = c.split(/\s+/).map((w) => bold.widthOfTextAtSize(w, size));
      let longest = Math.max(bold.widthOfTextAtSize(c, size) / 2, ...words);
      for (const row of rows.slice(0, 200)) longest = Math.max(longest, font.widthOfTextAtSize(row[i] ?? '', size));
      return Math.min(Math.max(longest + 2 * pad, 30), 260);
    });
    const total = want.reduce((a, b) => a + b, 0);
    const widths = want.map((w) => (w / total) * WIDTH);
    const cellLines = (text: string, f: PDFFont, w: number) =>
      layoutRuns([{ text, bold: f === bold }], this.fonts, size, w - 2 * pad).lines.map((l) =>
        l.map((p) => p.text).join(' '),
      );
    const lineHeight = size * 1.3;
    const drawRow = (cells: string[], f: PDFFont, shade: boolean) => {
      const wrapped = cells.map((c, i) => cellLines(c, f, widths[i] ?? 40));
      const height = Math.max(1, ...wrapped.map((l) => l.length)) * lineHeight + 2 * pad;
      return { wrapped, height, f, shade };
    };
    const paint = (row: ReturnType<typeof drawRow>) => {
      let x = MARGIN;
      if (row.shade) {
        this.page.drawRectangle({
          x,
          y: this.y - row.height,
          width: WIDTH,
          height: row.height,
          color: this.colors.shade,
        });
      }
      row.wrapped.forEach((lines, i) => {
        const w = widths[i] ?? 40;
        this.page.drawRectangle({
          x,
          y: this.y - row.height,
          width: w,
          height: row.height,
          borderColor: this.colors.rule,
          borderWidth: 0.4,
        });
        lines.forEach((line, k) => {
          const lw = row.f.widthOfTextAtSize(line, size);
          const tx = numeric[i] && !row.shade ? x + w - pad - lw : x + pad;
          this.page.drawText(line, {
            x: tx,
            y: this.y - pad - (k + 1) * lineHeight + size * 0.3,
            size,
            font: row.f,
            color: this.colors.text,
          });
        });
        x += w;
      });
      this.y -= row.height;
    };
    this.ensure(size * 2 + lineHeight * 3);
    if (caption) this.runs([{ text: caption, bold: true }], 9.5, { gapAfter: 3 });
    const header = columns.some(Boolean) ? drawRow(columns, bold, true) : null;
    if (header) paint(header);
    for (const cells of rows) {
      const row = drawRow(cells, font, false);
      if (this.y - row.height < MARGIN) {
        this.newPage();
        if (header) paint(header);
      }
      paint(row);
    }
    this.y -= 10;
  }

  block(b: Block) {
    switch (b.type) {
      case 'heading':
        this.ensure(60);
        this.y -= b.level === 1 ? 10 : 4;
        this.runs([{ text: b.text, bold: true }], b.level === 1 ? 14 : 11.5, { gapAfter: 6 });
        break;
      case 'paragraph':
        this.runs(b.runs, 10.5, { gapAfter: 6 });
        break;
      case 'list':
        b.items.forEach((item, i) => {
          this.runs([{ text: b.ordered ? `${i + 1}.` : '•' }, ...item], 10.5, { indent: 12, gapAfter: 2 });
        });
        this.y -= 4;
        break;
      case 'figures':
        this.table(
          '',
          ['', ''],
          b.items.map((f) => [f.label, f.value]),
          [false, true],
          9,
        );
        break;
      case 'table':
        this.table(b.caption, b.columns, b.rows, b.numeric);
        break;
    }
  }
}

/**
 * The resolution as PDF: A4, DejaVu Sans (every Kazakh letter), real text (copy, search and
 * screen readers work), tables drawn as ruled cells with their header repeated on each page,
 * and the station annex after the body.
 */
export async function resolutionPdf(doc: ResolutionDocument): Promise<Uint8Array> {
  const [{ PDFDocument, rgb }, { default: fontkit }] = await Promise.all([
    import('pdf-lib'),
    import('@pdf-lib/fontkit'),
  ]);
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(doc.title);
  pdf.setSubject(doc.subtitle);
  pdf.setLanguage(doc.locale === 'kk' ? 'kk-KZ' : doc.locale === 'en' ? 'en' : 'ru-RU');
  pdf.setCreator('pollwatch');
  pdf.setProducer('pollwatch');
  // Fixed dates: the same resolution gives the same bytes.
  pdf.setCreationDate(new Date(0));
  pdf.setModificationDate(new Date(0));
  const [regular, bold, italic] = await Promise.all(
    ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((f) =>
      readFile(require.resolve(`dejavu-fonts-ttf/ttf/${f}`)),
    ),
  );
  const fonts: Fonts = {
    regular: await pdf.embedFont(regular as Uint8Array, { subset: true }),
    bold: await pdf.embedFont(bold as Uint8Array, { subset: true }),
    italic: await pdf.embedFont(italic as Uint8Array, { subset: true }),
  };
  const w = new PdfWriter(
    pdf,
    fonts,
    { text: rgb(0, 0, 0), rule: rgb(0.45, 0.45, 0.45), shade: rgb(0.92, 0.92, 0.92) },
    doc.title,
  );
  w.runs([{ text: doc.title, bold: true }], 18, { center: true, gapAfter: 4 });
  w.runs([{ text: doc.subtitle }], 11, { center: true, gapAfter: 8 });
  for (const line of doc.provenance) w.runs([{ text: line, italic: true }], 8, { center: true });
  w.y -= 10;
  for (const b of doc.blocks) w.block(b);
  w.newPage();
  w.table(doc.annex.caption, doc.annex.columns, doc.annex.rows, doc.annex.numeric, 7.5);
  return pdf.save({ useObjectStreams: true });
}
