import {
  answerCell,
  type ExportFormInfo,
  type ExportShape,
  type ExportStationInfo,
  flagsCell,
  type ReportFlag,
  reportExportBaseColumns,
} from '@pollwatch/core';
import type { ExportRow } from '@pollwatch/db';
import { escapeFormulaText } from '@pollwatch/documents';

/**
 * The CSV lines of a reports export written straight from the rows the database reads (issue 18,
 * Performance): the same bytes as `ReportTable` through `csvSink` — BOM, `;`, CRLF, quotes only
 * where needed, formula-safe text — without a row array per revision (a wide row has ~100 columns,
 * ~10 of them set), without a call per empty cell, and with the cells shared by a report's
 * revisions and a station's reports made once. `writeReportsExport` checks that the headers here
 * are `ReportTable`'s and otherwise writes through `ReportTable` as before; a test compares both
 * writers byte for byte.
 */

const SEPARATOR = ';';
const NEEDS_QUOTES = /["\r\n;]/;

/** A text cell as `csvSink` writes it (formula-escaped, quoted when needed). */
function textCell(v: string): string {
  if (v === '') return v;
  const text = escapeFormulaText(v);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Any cell as `csvSink` writes it. */
function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return textCell(v);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON column as stored: SQLite's text (`[]` not parsed), PostgreSQL's parsed value. */
const json = (v: unknown): unknown => (v === '[]' ? EMPTY : typeof v === 'string' ? JSON.parse(v) : v);
const EMPTY: readonly unknown[] = Object.freeze([]);

interface Column {
  groupId: string | null;
  questionId: string;
}

interface FormLayout {
  code: string;
  /** Empty cells before the form's block of question columns (`;` each). */
  before: string;
  columns: Column[];
  /** Empty cells after it. */
  after: string;
}

/** Same order of columns as `ReportTable`: the base columns, then each form's questions by form code. */
export class ReportCsv {
  readonly headers: string[];
  private readonly forms = new Map<string, FormLayout>();
  /** A report whose form has no columns (wide) still gets every question column, empty. */
  private readonly allEmpty: string;
  private readonly stationCells = new Map<string, string>();
  // the cells every revision of the report being written shares (rows come in report order)
  private lastReport: unknown = undefined;
  private reportHead = '';
  private reportMiddle = '';
  private reportLayout: FormLayout | undefined;

  constructor(
    readonly shape: ExportShape,
    forms: readonly ExportFormInfo[],
    private readonly stationOf: (stationId: string) => ExportStationInfo | undefined,
  ) {
    this.headers = [...reportExportBaseColumns];
    const codes = new Map(forms.map((f) => [f.id, f.code]));
    if (shape === 'long') {
      this.headers.push('question', 'answer');
      for (const [id, code] of codes) this.forms.set(id, { code, before: '', columns: [], after: '' });
      this.allEmpty = '';
      return;
    }
    const blocks: { id: string; code: string; start: number; columns: Column[] }[] = [];
    for (const form of [...forms].sort((a, b) => a.code.localeCompare(b.code))) {
      const seen = new Set<string>();
      const columns: Column[] = [];
      const start = this.headers.length;
      for (const definition of form.definitions) {
        for (const group of definition.groups) {
          for (const q of group.questions) {
            if (q.type === 'note') continue;
            const groupId = group.repeatable ? group.id : null;
            const header = groupId ? `${form.code}.${groupId}.${q.id}` : `${form.code}.${q.id}`;
            if (seen.has(header)) continue;
            seen.add(header);
            columns.push({ groupId, questionId: q.id });
            this.headers.push(header);
          }
        }
      }
      blocks.push({ id: form.id, code: form.code, start, columns });
    }
    const base = reportExportBaseColumns.length;
    const total = this.headers.length;
    this.allEmpty = SEPARATOR.repeat(total - base);
    // (a form listed twice, which cannot be, ends with its last block, as in ReportTable's maps)
    for (const b of blocks) {
      this.forms.set(b.id, {
        code: codes.get(b.id) ?? b.code,
        before: SEPARATOR.repeat(b.start - base),
        columns: b.columns,
        after: SEPARATOR.repeat(total - b.start - b.columns.length),
      });
    }
  }

  /** The first line: BOM and headers. */
  headerLine(): string {
    return `\uFEFF${this.headers.map(cell).join(SEPARATOR)}\r\n`;
  }

  private station(stationId: string): string {
    let cells = this.stationCells.get(stationId);
    if (cells === undefined) {
      const s = this.stationOf(stationId);
      cells = s ? `${textCell(s.region)};${textCell(s.area)};${cell(s.number)}` : ';;';
      // The id may be a slice of a much larger text (a chunk of PostgreSQL's COPY stream) that a
      // kept slice would keep whole: 10,000 stations kept as many chunks, ~100 MB. A copy is kept.
      this.stationCells.set(JSON.parse(JSON.stringify(stationId)) as string, cells);
    }
    return cells;
  }

  /** The line(s) of one revision (see `exportRowColumns` for the row's order). */
  lines(row: ExportRow): string {
    const reportId = row[0] as string;
    if (reportId !== this.lastReport) {
      this.lastReport = reportId;
      const formId = row[2] as string;
      this.reportLayout = this.forms.get(formId);
      this.reportHead = textCell(reportId);
      // station cells; form code; form kind — then the revision's form version, then observer; channel
      this.reportMiddle = `${this.station(row[1] as string)};${textCell(this.reportLayout?.code ?? '')};${textCell(row[3] as string)};`;
    }
    const latest = row[6] as number;
    const revision = row[7] as number;
    const photos = json(row[10]) as string[];
    const flags = json(row[11]) as ReportFlag[];
    const receivedAt = row[13];
    const base =
      `${this.reportHead};${cell(revision)};${revision === latest ? 'yes' : 'no'};${this.reportMiddle}` +
      `${cell(row[8] as number)};${textCell(row[4] as string)};${textCell(row[5] as string)};` +
      `${cell(row[12] as string | null)};${textCell(typeof receivedAt === 'string' ? receivedAt : (receivedAt as Date).toISOString())};` +
      `${cell(Number(row[14]))};${textCell(row[15] as string)};` +
      `${flags.length === 0 ? '' : textCell(flagsCell(flags))};${photos.length === 0 ? '' : textCell(photos.join(' '))}`;
    const answers = json(row[9]) as Record<string, unknown>;
    if (this.shape === 'long') return this.longLines(base, answers);
    const layout = this.reportLayout;
    if (!layout) return `${base}${this.allEmpty}\r\n`;
    let line = base + layout.before;
    for (const c of layout.columns) {
      if (c.groupId === null) {
        line += `;${cell(answerCell(answers[c.questionId]))}`;
      } else {
        const instances = answers[c.groupId];
        line += Array.isArray(instances)
          ? `;${textCell(instances.map((instance) => (isRecord(instance) ? answerCell(instance[c.questionId]) : '')).join(' | '))}`
          : ';';
      }
    }
    return `${line}${layout.after}\r\n`;
  }

  /** One line per answer (a repeated group's as `group[2].question`), at least one. */
  private longLines(base: string, answers: Record<string, unknown>): string {
    let out = '';
    for (const key in answers) {
      if (!Object.hasOwn(answers, key)) continue;
      const value = answers[key];
      if (Array.isArray(value) && value.length > 0 && value.every(isRecord)) {
        for (let i = 0; i < value.length; i++) {
          const instance = value[i] as Record<string, unknown>;
          for (const q in instance) {
            if (!Object.hasOwn(instance, q)) continue;
            out += `${base};${textCell(`${key}[${i + 1}].${q}`)};${cell(answerCell(instance[q]))}\r\n`;
          }
        }
      } else {
        out += `${base};${textCell(key)};${cell(answerCell(value))}\r\n`;
      }
    }
    return out === '' ? `${base};;\r\n` : out;
  }
}
