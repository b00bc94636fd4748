import type { Writable } from 'node:stream';
import type { PDFFont, PDFPage } from 'pdf-lib';
import { csvSink } from '../exports/table-sink.ts';
import { fonts } from '../letters/referral-pdf.ts';
import { printable } from '../letters/remark-letter.ts';
import { loadExcelJs } from '../tabular/exceljs.ts';
import { escapeFormulaText } from '../tabular/formula-escape.ts';
import { safeSheetName } from '../tabular/xlsx-writer.ts';

/**
 * A report document (readiness by area, incident list, station dossier): a title, a few lines of
 * facts, then sections of real tables. One model, three files: PDF (A4 landscape, tables drawn as
 * text in cells, headers repeated on each page), XLSX (a sheet per section) and CSV (the sections
 * one after another, each under its title). Cells are text or numbers; all text is formula-safe in
 * the spreadsheets and stripped of control characters everywhere.
 */
export interface ReportSection {
  title: string;
  columns: string[];
  rows: (string | number | null)[][];
  /** Shown instead of an empty table. */
  empty?: string;
  /** Relative column widths for the PDF (default: from the text lengths). */
  widths?: number[];
}

export interface ReportDocument {
  title: string;
  /** Lines under the title: election, area, when it was made. */
  facts: string[];
  sections: ReportSection[];
}

const text = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : printable(v));

// ---- PDF ----

const PAGE: [number, number] = [841.89, 595.28];
const M = 36;
const SIZE = 8;
const LINE = SIZE * 1.3;
const PAD = 3;

function wrapCell(value: string, font: PDFFont, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of value.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let w = word;
      // a word longer than the cell (a hash, an id) is cut where it overflows
      while (font.widthOfTextAtSize(w, SIZE) > width && w.length > 1) {
        let cut = w.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(w.slice(0, cut), SIZE) > width) cut--;
        if (line) {
          out.push(line);
          line = '';
        }
        out.push(w.slice(0, cut));
        w = w.slice(cut);
      }
      const candidate = line ? `${line} ${w}` : w;
      if (font.widthOfTextAtSize(candidate, SIZE) <= width || !line) line = candidate;
      else {
        out.push(line);
        line = w;
      }
    }
    out.push(line);
  }
  return out.length > 0 ? out : [''];
}

export async function reportDocumentPdf(doc: ReportDocument): Promise<Uint8Array> {
  const [{ PDFDocument, rgb }, fontkit, { regular, bold }] = await Promise.all([
    import('pdf-lib'),
    import('@pdf-lib/fontkit').then((m) => m.default),
    fonts(),
  ]);
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(printable(doc.title));
  const font = await pdf.embedFont(regular, { subset: true });
  const fontBold = await pdf.embedFont(bold, { subset: true });
  const ink = rgb(0.1, 0.1, 0.12);
  const grid = rgb(0.6, 0.62, 0.66);
  const shade = rgb(0.92, 0.93, 0.95);
  const width = PAGE[0] - 2 * M;
  let page: PDFPage = pdf.addPage(PAGE);
  let y = PAGE[1] - M;
  const newPage = () => {
    page = pdf.addPage(PAGE);
    y = PAGE[1] - M;
  };
  const line = (value: string, f: PDFFont, size: number, gap = 0) => {
    for (const l of wrapCell(printable(value), f, width).map((s) => s)) {
      if (y - size < M) newPage();
      page.drawText(l, { x: M, y: y - size, size, font: f, color: ink });
      y -= size * 1.4;
    }
    y -= gap;
  };
  line(doc.title, fontBold, 15, 4);
  for (const fact of doc.facts) line(fact, font, 9);
  y -= 8;
  for (const section of doc.sections) {
    if (y - 60 < M) newPage();
    line(section.title, fontBold, 11, 3);
    if (section.rows.length === 0) {
      line(section.empty ?? '—', font, 9, 8);
      continue;
    }
    const n = section.columns.length;
    const weights =
      section.widths ??
      section.columns.map((c, i) =>
        Math.min(40, Math.max(c.length * 0.6, ...section.rows.slice(0, 200).map((r) => text(r[i] ?? null).length), 4)),
      );
    const total = weights.reduce((a, b) => a + b, 0);
    const widths = weights.map((w) => (w / total) * width);
    const drawRow = (cells: string[], f: PDFFont, header: boolean) => {
      const wrapped = cells.map((c, i) => wrapCell(c, f, (widths[i] ?? 20) - 2 * PAD));
      const height = Math.max(...wrapped.map((w) => w.length)) * LINE + 2 * PAD;
      if (y - height < M) {
        newPage();
        if (!header) drawRow(section.columns, fontBold, true);
      }
      let x = M;
      if (header) page.drawRectangle({ x: M, y: y - height, width, height, color: shade });
      wrapped.forEach((lines, i) => {
        const w = widths[i] ?? 20;
        page.drawRectangle({ x, y: y - height, width: w, height, borderColor: grid, borderWidth: 0.4 });
        lines.forEach((l, k) => {
          page.drawText(l, { x: x + PAD, y: y - PAD - (k + 1) * LINE + 2, size: SIZE, font: f, color: ink });
        });
        x += w;
      });
      y -= height;
    };
    drawRow(section.columns, fontBold, true);
    for (const row of section.rows)
      drawRow(
        Array.from({ length: n }, (_, i) => text(row[i] ?? null)),
        font,
        false,
      );
    y -= 12;
  }
  const pages = pdf.getPages();
  pages.forEach((p, i) => {
    p.drawText(`${i + 1} / ${pages.length}`, { x: PAGE[0] - M - 30, y: M / 2, size: 7, font, color: grid });
  });
  return pdf.save();
}

// ---- XLSX and CSV ----

/** One sheet per section (its title as the sheet name), the facts on the first. */
export async function reportDocumentXlsx(doc: ReportDocument, out: Writable): Promise<void> {
  const ExcelJS = await loadExcelJs();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const cell = (v: string | number | null) =>
    v === null ? null : typeof v === 'number' ? v : escapeFormulaText(printable(v)).replace(/\r\n?/g, '\n');
  const used = new Set<string>();
  const nameOf = (title: string) => {
    const base = safeSheetName(title).slice(0, 28);
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base} ${i}`;
    used.add(name.toLowerCase());
    return name;
  };
  const about = book.addWorksheet(nameOf(doc.title));
  for (const line of [doc.title, ...doc.facts]) about.addRow([cell(line)]).commit();
  about.commit();
  for (const section of doc.sections) {
    const sheet = book.addWorksheet(nameOf(section.title));
    sheet.addRow(section.columns.map(cell)).commit();
    for (const row of section.rows) sheet.addRow(row.map(cell)).commit();
    sheet.commit();
  }
  await new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
    book.commit().catch(reject);
  });
}

/** The sections one after another: a title line, the header, the rows, a blank line. */
export async function reportDocumentCsv(doc: ReportDocument, out: Writable): Promise<void> {
  const sink = csvSink(out, [printable(doc.title)]);
  await sink.write(doc.facts.map((f) => [printable(f)]));
  for (const section of doc.sections) {
    await sink.write([[], [printable(section.title)], section.columns.map(printable)]);
    await sink.write(section.rows.map((r) => r.map((v) => (typeof v === 'string' ? printable(v) : v))));
  }
  await sink.end();
}
