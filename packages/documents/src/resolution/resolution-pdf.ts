import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import type { Block, ResolutionDocument, Run } from '@pollwatch/core';
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';

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
 * Each character's glyph (as the subset's hex code) and advance width, memoised per font. pdf-lib
 * lays out every string with fontkit (shaping, about 0.1 ms a call); a 10,000-row annex has tens of
 * thousands of distinct cells made of a few dozen characters. Text is drawn and measured per
 * character (no ligatures: copy and search see the letters as written), so measuring and drawing
 * agree, and each character goes through pdf-lib's encoder once, which puts its glyph in the subset.
 */
interface Glyph {
  hex: string;
  width: number;
}
const glyphCache = new WeakMap<PDFFont, Map<string, Glyph>>();
function glyphsOf(font: PDFFont): Map<string, Glyph> {
  let cache = glyphCache.get(font);
  if (!cache) {
    cache = new Map();
    glyphCache.set(font, cache);
  }
  return cache;
}
function glyph(font: PDFFont, cache: Map<string, Glyph>, ch: string): Glyph {
  let g = cache.get(ch);
  if (!g) {
    g = { hex: font.encodeText(ch).toString().slice(1, -1), width: font.widthOfTextAtSize(ch, 1000) };
    cache.set(ch, g);
  }
  return g;
}
function width(font: PDFFont, text: string, size: number): number {
  const cache = glyphsOf(font);
  let w = 0;
  for (const ch of text) w += glyph(font, cache, ch).width;
  return (w * size) / 1000;
}
/** The text as a PDF hex string of the font's glyph codes. */
function encoded(font: PDFFont, text: string): string {
  const cache = glyphsOf(font);
  let hex = '<';
  for (const ch of text) hex += glyph(font, cache, ch).hex;
  return `${hex}>`;
}

/** A number as PDF content writes it: two decimals at most, no trailing zeros. */
function num(n: number): string {
  return String(Math.round(n * 100) / 100);
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

/** Colours as content-stream operators (fill, stroke). */
const TEXT = '0 0 0 rg';
const RULE_FILL = '0.45 0.45 0.45 rg';
const RULE_STROKE = '0.45 0.45 0.45 RG';
const SHADE = '0.92 0.92 0.92 rg';

/**
 * Writes each page's content stream as text directly (PDF operators), compressed with Node's own
 * zlib when the page is done: pdf-lib's drawing calls build an object per operator and number and
 * compress with a JavaScript deflate, which was most of a 250-page annex's time.
 */
class PdfWriter {
  page!: PDFPage;
  y = 0;
  pageNumber = 0;
  private ops: string[] = [];
  private keys = new Map<PDFFont, string>();
  constructor(
    private readonly pdf: PDFDocument,
    private readonly lib: typeof import('pdf-lib'),
    private readonly fonts: Fonts,
    private readonly footer: string,
  ) {
    this.newPage();
  }

  /** The page's resource name of the font (registered on the page once). */
  private key(font: PDFFont): string {
    let key = this.keys.get(font);
    if (!key) {
      key = this.page.node.newFontDictionary(font.name, font.ref).toString();
      this.keys.set(font, key);
    }
    return key;
  }

  /** One line of text at (x, y): its baseline. */
  private text(font: PDFFont, size: number, x: number, y: number, text: string, colour = TEXT) {
    if (!text) return;
    this.ops.push(
      `BT ${colour} ${this.key(font)} ${num(size)} Tf ${num(x)} ${num(y)} Td ${encoded(font, text)} Tj ET\n`,
    );
  }

  /** The finished page's content goes into the document. */
  finishPage() {
    if (this.ops.length === 0) return;
    const { context } = this.pdf;
    const bytes = deflateSync(Buffer.from(this.ops.join(''), 'latin1'));
    const stream = this.lib.PDFRawStream.of(context.obj({ Filter: 'FlateDecode' }), bytes);
    this.page.node.addContentStream(context.register(stream));
    this.ops = [];
  }

  newPage() {
    this.finishPage();
    this.page = this.pdf.addPage(A4);
    this.keys = new Map();
    this.pageNumber++;
    this.y = A4[1] - MARGIN;
    this.text(this.fonts.regular, 7, MARGIN, MARGIN / 2, `${this.footer} — ${this.pageNumber}`, RULE_FILL);
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
        this.text(piece.font, size, x, this.y - size, piece.text);
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
    const cellLines = (text: string, f: PDFFont, w: number): string[] => {
      // Most cells (numbers, short names) fit on one line: no word layout for them.
      if (width(f, text, size) <= w - 2 * pad && !/[^\S ]| {2}|^ | $/.test(text)) return [text];
      return layoutRuns([{ text, bold: f === bold }], this.fonts, size, w - 2 * pad).lines.map((l) =>
        l.map((p) => p.text).join(' '),
      );
    };
    const lineHeight = size * 1.3;
    const drawRow = (cells: string[], f: PDFFont, shade: boolean) => {
      const wrapped = cells.map((c, i) => cellLines(c, f, widths[i] ?? 40));
      const height = Math.max(1, ...wrapped.map((l) => l.length)) * lineHeight + 2 * pad;
      return { wrapped, height, f, shade };
    };
    // The rules' vertical edges are the same on every row.
    const edges: number[] = [MARGIN];
    for (const w of widths) edges.push((edges[edges.length - 1] as number) + w);
    const paint = (row: ReturnType<typeof drawRow>) => {
      const top = num(this.y);
      const bottom = this.y - row.height;
      const b = num(bottom);
      const out: string[] = [];
      if (row.shade) out.push(`q ${SHADE} ${num(MARGIN)} ${b} ${num(WIDTH)} ${num(row.height)} re f Q\n`);
      // One path for the row's rules and one text object for its cells.
      out.push(`q ${RULE_STROKE} 0.4 w ${num(MARGIN)} ${top} m ${num(MARGIN + WIDTH)} ${top} l `);
      out.push(`${num(MARGIN)} ${b} m ${num(MARGIN + WIDTH)} ${b} l`);
      for (const edge of edges) out.push(` ${num(edge)} ${top} m ${num(edge)} ${b} l`);
      out.push(` S Q\nBT ${TEXT} ${this.key(row.f)} ${num(size)} Tf`);
      row.wrapped.forEach((lines, i) => {
        const x = edges[i] as number;
        const w = widths[i] ?? 40;
        lines.forEach((line, k) => {
          if (!line) return;
          const tx = numeric[i] && !row.shade ? x + w - pad - width(row.f, line, size) : x + pad;
          const ty = this.y - pad - (k + 1) * lineHeight + size * 0.3;
          out.push(` 1 0 0 1 ${num(tx)} ${num(ty)} Tm ${encoded(row.f, line)} Tj`);
        });
      });
      out.push(' ET\n');
      this.ops.push(out.join(''));
      this.y = bottom;
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
  const { PDFDocument } = pdfLib;
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
  const w = new PdfWriter(pdf, pdfLib, fonts, doc.title);
  w.runs([{ text: doc.title, bold: true }], 18, { center: true, gapAfter: 4 });
  w.runs([{ text: doc.subtitle }], 11, { center: true, gapAfter: 8 });
  for (const line of doc.provenance) w.runs([{ text: line, italic: true }], 8, { center: true });
  w.y -= 10;
  for (const b of doc.blocks) w.block(b);
  w.newPage();
  w.table(doc.annex.caption, doc.annex.columns, doc.annex.rows, doc.annex.numeric, 7.5);
  w.finishPage();
  return pdf.save({ useObjectStreams: true });
}
