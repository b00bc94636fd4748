import type { FormDefinition } from '../forms/form-definition.ts';
import type { ReportFlag } from '../reports/report-flags.ts';
import type { ExportShape } from './exports-schemas.ts';

/**
 * The rows of a reports export (issue 18): every revision of every report with its flags and photo
 * references, either one row per answer (`long`, the shape for pivot tables and R/pandas) or one row
 * per revision with one column per question (`wide`, the shape people read). Pure: the server reads
 * the pages, this decides the cells.
 */

/** Cells a table writer takes: text, or numbers that stay numbers in XLSX. */
export type ExportCell = string | number;

export const reportExportBaseColumns = [
  'report_id',
  'revision',
  'latest',
  'region',
  'area',
  'station',
  'form',
  'form_kind',
  'form_version',
  'observer_id',
  'channel',
  'client_time',
  'received_at',
  'chain_seq',
  'chain_hash',
  'flags',
  'photos',
] as const;

export interface ExportFormInfo {
  id: string;
  code: string;
  /** The form's versions, newest first: columns of questions a newer version dropped still appear. */
  definitions: FormDefinition[];
}

export interface ExportStationInfo {
  region: string;
  area: string;
  number: number;
}

export interface ExportReportInfo {
  id: string;
  stationId: string;
  formId: string;
  formKind: string;
  observerId: string;
  channel: string;
  latestRevision: number;
}

export interface ExportRevisionInfo {
  revision: number;
  formVersion: number;
  answers: Record<string, unknown>;
  photos: string[];
  flags: ReportFlag[];
  clientTime: string | null;
  receivedAt: string;
  chainSeq: number;
  chainHash: string;
}

interface QuestionColumn {
  index: number;
  /** The repeatable group whose instances hold the answer, or null. */
  groupId: string | null;
  questionId: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An answer as one cell: numbers stay numbers, yes/no as `yes`/`no`, several choices space-separated. */
export function answerCell(value: unknown): ExportCell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
    return value.join(' ');
  return JSON.stringify(value);
}

/** `code` or `code:ref`, space-separated. */
export function flagsCell(flags: readonly ReportFlag[]): string {
  return flags.map((f) => (f.ref ? `${f.code}:${f.ref}` : f.code)).join(' ');
}

/** Every answer as (question, value): a repeated group's answers as `group[2].question`. */
export function flattenAnswers(answers: Record<string, unknown>): [string, ExportCell][] {
  const out: [string, ExportCell][] = [];
  for (const [key, value] of Object.entries(answers)) {
    if (Array.isArray(value) && value.length > 0 && value.every(isRecord)) {
      value.forEach((instance, i) => {
        for (const [q, v] of Object.entries(instance)) out.push([`${key}[${i + 1}].${q}`, answerCell(v)]);
      });
    } else {
      out.push([key, answerCell(value)]);
    }
  }
  return out;
}

export class ReportTable {
  readonly headers: string[];
  private readonly columnsByForm = new Map<string, QuestionColumn[]>();
  private readonly formCode = new Map<string, string>();

  constructor(
    readonly shape: ExportShape,
    forms: readonly ExportFormInfo[],
    private readonly stationOf: (stationId: string) => ExportStationInfo | undefined,
  ) {
    this.headers = [...reportExportBaseColumns];
    for (const form of forms) this.formCode.set(form.id, form.code);
    if (shape === 'long') {
      this.headers.push('question', 'answer');
      return;
    }
    for (const form of [...forms].sort((a, b) => a.code.localeCompare(b.code))) {
      const seen = new Set<string>();
      const columns: QuestionColumn[] = [];
      for (const definition of form.definitions) {
        for (const group of definition.groups) {
          for (const q of group.questions) {
            if (q.type === 'note') continue;
            const groupId = group.repeatable ? group.id : null;
            const header = groupId ? `${form.code}.${groupId}.${q.id}` : `${form.code}.${q.id}`;
            if (seen.has(header)) continue;
            seen.add(header);
            columns.push({ index: this.headers.length, groupId, questionId: q.id });
            this.headers.push(header);
          }
        }
      }
      this.columnsByForm.set(form.id, columns);
    }
  }

  private base(report: ExportReportInfo, v: ExportRevisionInfo): ExportCell[] {
    const station = this.stationOf(report.stationId);
    return [
      report.id,
      v.revision,
      v.revision === report.latestRevision ? 'yes' : 'no',
      station?.region ?? '',
      station?.area ?? '',
      station?.number ?? '',
      this.formCode.get(report.formId) ?? '',
      report.formKind,
      v.formVersion,
      report.observerId,
      report.channel,
      v.clientTime ?? '',
      v.receivedAt,
      v.chainSeq,
      v.chainHash,
      flagsCell(v.flags),
      v.photos.join(' '),
    ];
  }

  /** The rows of one revision: one (wide, empty cells may be holes), or one per answer and at least one (long). */
  rows(report: ExportReportInfo, v: ExportRevisionInfo): ExportCell[][] {
    const base = this.base(report, v);
    if (this.shape === 'long') {
      const answers = flattenAnswers(v.answers);
      if (answers.length === 0) return [[...base, '', '']];
      return answers.map(([q, value]) => [...base, q, value]);
    }
    // A holey array: questions of other forms stay holes, which writers read as empty cells, and
    // a CSV line skips them without a call per cell (a wide row has ~100 columns, ~10 of them set).
    const row: ExportCell[] = new Array(this.headers.length);
    for (let i = 0; i < base.length; i++) row[i] = base[i] as ExportCell;
    for (const c of this.columnsByForm.get(report.formId) ?? []) {
      if (c.groupId === null) {
        row[c.index] = answerCell(v.answers[c.questionId]);
      } else {
        const instances = v.answers[c.groupId];
        if (Array.isArray(instances)) {
          row[c.index] = instances
            .map((instance) => (isRecord(instance) ? answerCell(instance[c.questionId]) : ''))
            .join(' | ');
        }
      }
    }
    return [row];
  }
}
