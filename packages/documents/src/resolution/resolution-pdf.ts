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

/**
 * Text widths, memoised per font: pdf-lib lays out the text with fontkit on every call (about
 * 0.1 ms), and a 10,000-row annex measures the same few hundred strings over and over.
 */
const widthCache = new WeakMap<PDFFont, Map<string, number>>();
function width(font: PDFFont, text: string, size: number): number {
  let cache = widthCache.get(font);
  if (!cache) {
    cache = new Map();
    widthCache.set(font, cache);
  }
  let w = cache.get(text);
  if (w === undefined) {
    w = font.widthOfTextAtSize(text, 1000);
    if (cache.size < 50_000) cache.set(text, w);
  }
  return (w * size) / 1000;
}

/**
 * drawText encodes each string anew (a fontkit layout per call); the annex repeats the same cells
 * ("yes", "0", a region's name) thousands of times. The encoded string is a value: reusing it is safe,
 * and the subset already holds its glyphs from the first encoding.
 */
function memoiseEncoding(font: PDFFont): PDFFont {
  const encode = font.encodeText.bind(font);
  const cache = new Map<string, ReturnType<PDFFont['encodeText']>>();
  font.encodeText = (text: string) => {
    let encoded = cache.get(text);
    if (!encoded) {
      encoded = encode(text);
      if (cache.size < 50_000) cache.set(text, encoded);
    }
    return encoded;
  };
  return font;
}

function fontOf(fonts: Fonts, run: Run): PDFFont {
  return run.bold ? fonts.bold : run.italic ? fonts.italic : fonts.regular;
}

/** Words of runs, each with its font, broken into lines no wider than `width`. */
function layoutRuns(runs: readonly Run[], fonts: Fonts, size: number, maxWidth: number) {
  type Piece = { text: string; font: PDFFont; width: number };
  const lines: Piece[][] = [];
  let line: Piece[] = [];
  let used = 0;
  const space = width(fonts.regular, ' ', size);
  for (const run of runs) {
    const font = fontOf(fonts, run);
    for (const word of run.text.split(/\s+/).filter(Boolean)) {
      let text = word;
      let w = width(font, text, size);
      // A word longer than the line (a hash, a URL) is cut where it overflows.
      while (w > maxWidth && text.length > 1) {
        let cut = text.length - 1;
        while (cut > 1 && width(font, text.slice(0, cut), size) > maxWidth) cut--;
        if (line.length) lines.push(line);
        lines.push([{ text: text.slice(0, cut), font, width: width(font, text.slice(0, cut), size) }]);
        line = [];
        used = 0;
        text = text.slice(cut);
        w = width(font, text, size);
      }
      const extra = line.length ? space : 0;
      if (used + extra + w > maxWidth && line.length) {
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
    private readonly pdfOps: { ops: typeof import('pdf-lib') },
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
      const words = c.split(/\s+/).map((w) => width(bold, w, size));
      let longest = Math.max(width(bold, c, size) / 2, ...words);
      for (const row of rows.slice(0, 200)) longest = Math.max(longest, width(font, row[i] ?? '', size));
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
      const top = this.y;
      const bottom = this.y - row.height;
      if (row.shade) {
        this.page.drawRectangle({ x: MARGIN, y: bottom, width: WIDTH, height: row.height, color: this.colors.shade });
      }
      // One path for the row's rules and one text object for its cells: a 10,000-row annex drew
      // eight rectangles and eight text objects (each with its own state) per row before.
      const { ops } = this.pdfOps;
      const rules = [ops.pushGraphicsState(), ops.setStrokingColor(this.colors.rule), ops.setLineWidth(0.4)];
      rules.push(ops.moveTo(MARGIN, top), ops.lineTo(MARGIN + WIDTH, top));
      rules.push(ops.moveTo(MARGIN, bottom), ops.lineTo(MARGIN + WIDTH, bottom));
      let edge = MARGIN;
      rules.push(ops.moveTo(edge, top), ops.lineTo(edge, bottom));
      for (const w of widths) {
        edge += w;
        rules.push(ops.moveTo(edge, top), ops.lineTo(edge, bottom));
      }
      rules.push(ops.stroke(), ops.popGraphicsState());
      this.page.pushOperators(...rules);
      this.page.setFont(row.f);
      const fontKey = (this.page as unknown as { fontKey: string }).fontKey;
      const text = [ops.beginText(), ops.setFillingColor(this.colors.text), ops.setFontAndSize(fontKey, size)];
      let x = MARGIN;
      row.wrapped.forEach((lines, i) => {
        const w = widths[i] ?? 40;
        lines.forEach((line, k) => {
          const lw = width(row.f, line, size);
          const tx = numeric[i] && !row.shade ? x + w - pad - lw : x + pad;
          const ty = top - pad - (k + 1) * lineHeight + size * 0.3;
          text.push(ops.setTextMatrix(1, 0, 0, 1, tx, ty), ops.showText(row.f.encodeText(line)));
        });
        x += w;
      });
      text.push(ops.endText());
      this.page.pushOperators(...text);
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
  const [pdfLib, { default: fontkit }] = await Promise.all([import('pdf-lib'), import('@pdf-lib/fontkit')]);
  const { PDFDocument, rgb } = pdfLib;
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
    regular: memoiseEncoding(await pdf.embedFont(regular as Uint8Array, { subset: true })),
    bold: memoiseEncoding(await pdf.embedFont(bold as Uint8Array, { subset: true })),
    italic: memoiseEncoding(await pdf.embedFont(italic as Uint8Array, { subset: true })),
  };
  const w = new PdfWriter(
    pdf,
    { ops: pdfLib },
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
