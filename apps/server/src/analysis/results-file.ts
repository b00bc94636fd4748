import { type StationResult, stationResultFromLines } from '@pollwatch/analytics';
import type { ProtocolTemplate } from '@pollwatch/core';
import {
  DomainError,
  type ImportField,
  kazakhstanProtocolTemplate,
  matchProtocolHeader,
  parseNumberCell,
  russiaProtocolTemplate,
  stationImportFields,
  suggestMapping,
} from '@pollwatch/core';
import { openTable } from '@pollwatch/documents';

/** A problem with the file or the options: printed as one line, exit code 1. */
export class AnalyzeError extends Error {}

export const resultTemplates = { russia: russiaProtocolTemplate, kazakhstan: kazakhstanProtocolTemplate } as const;
export type ResultTemplateName = keyof typeof resultTemplates;

/** Columns naming the station rather than counting anything. */
const stationFields: readonly ImportField[] = stationImportFields.filter((f) =>
  ['region', 'area', 'number', 'name', 'address'].includes(f.key),
);
const stationKeyFields = ['region', 'area', 'number'] as const;
const plainDigits = /^\d{1,15}$/;

export interface ResultsFile {
  format: string;
  encoding?: string;
  separator?: string;
  template: ResultTemplateName;
  /** Template line key → header. */
  lines: Record<string, string>;
  /** Station field (region, area, number, name, address) → header. */
  station: Record<string, string>;
  /** Option columns: every other header, in file order. */
  options: string[];
  rows: StationResult[];
}

export interface ReadResultsOptions {
  template?: ResultTemplateName;
  /** `{ lineKey | region | area | number: header }`: overrides the matching by name. */
  mapping?: Record<string, string | null>;
}

function countLineKeys(template: ProtocolTemplate): Set<string> {
  return new Set(template.lines.filter((l) => l.kind === 'count').map((l) => l.key));
}

function matchLines(template: ProtocolTemplate, headers: readonly string[]): Map<string, string> {
  const byHeader = new Map<string, string>();
  for (const h of headers) {
    const key = matchProtocolHeader(h, template);
    if (key !== null && ![...byHeader.values()].includes(key)) byHeader.set(h, key);
  }
  return byHeader;
}

/** Which template the headers speak: the one matching more protocol lines (Russia on a tie). */
function chooseTemplate(headers: readonly string[]): ResultTemplateName {
  const ru = matchLines(russiaProtocolTemplate, headers).size;
  const kz = matchLines(kazakhstanProtocolTemplate, headers).size;
  if (ru === 0 && kz === 0) {
    throw new AnalyzeError(
      'no column matches a protocol line of the Russian or Kazakh template; give --template and --mapping',
    );
  }
  return kz > ru ? 'kazakhstan' : 'russia';
}

/**
 * Reads a per-station results file (CSV or XLSX, any encoding and separator openTable detects):
 * protocol lines by their official names (or the mapping), station columns by the station-import
 * aliases, and every other column as a ballot option named by its header.
 */
export async function readResultsFile(path: string, options: ReadResultsOptions = {}): Promise<ResultsFile> {
  let table: Awaited<ReturnType<typeof openTable>>;
  try {
    table = await openTable(path);
  } catch (error) {
    throw describeFileError(path, error);
  }
  try {
    const headers = table.headers;
    if (headers.length === 0) throw new AnalyzeError(`${path}: the file is empty`);
    const templateName = options.template ?? chooseTemplate(headers);
    const template = resultTemplates[templateName];
    const lineKeys = countLineKeys(template);
    const byName = matchLines(template, headers);
    const lines: Record<string, string> = {};
    for (const [header, key] of byName) lines[key] = header;
    const station: Record<string, string> = {};
    for (const [field, header] of Object.entries(suggestMapping(stationFields, headers))) {
      if (header && !byName.has(header)) station[field] = header;
    }
    for (const [key, header] of Object.entries(options.mapping ?? {})) {
      const target = lineKeys.has(key) ? lines : stationKeyFields.includes(key as never) ? station : null;
      if (target === null) {
        throw new AnalyzeError(
          `--mapping: "${key}" is neither a line of the ${templateName} protocol (${[...lineKeys].join(', ')}) nor region, area or number`,
        );
      }
      if (header === null || header === '') delete target[key];
      else if (!headers.includes(header)) throw new AnalyzeError(`--mapping: the file has no column "${header}"`);
      else target[key] = header;
    }
    const taken = new Set([...Object.values(lines), ...Object.values(station)]);
    // A header named like a protocol line is never a candidate, even when the mapping moved the line.
    const optionHeaders = headers.filter((h) => h !== '' && !taken.has(h) && !byName.has(h));
    const registeredKey = templateName === 'russia' ? 'voters_on_list' : 'voters_on_lists';
    if (lines[registeredKey] === undefined) {
      const line = template.lines.find((l) => l.key === registeredKey);
      throw new AnalyzeError(`no column for protocol line 1 "${line?.officialName}"; name it in --mapping`);
    }
    if (optionHeaders.length === 0)
      throw new AnalyzeError('no option (candidate) columns left after the protocol lines');
    if (new Set(headers).size !== headers.length) throw new AnalyzeError('two columns have the same header');

    const index = (header: string) => headers.indexOf(header);
    const lineColumns = Object.entries(lines).map(([key, header]) => ({ key, header, i: index(header) }));
    const optionColumns = optionHeaders.map((header) => ({ header, i: index(header) }));
    const keyColumns = stationKeyFields.flatMap((f) => (station[f] ? [index(station[f])] : []));
    const rows: StationResult[] = [];
    const firstLine = new Map<string, number>();
    const code = templateName === 'russia' ? 'ru' : 'kz';
    for await (const { line, cells } of table.rows()) {
      const read = (header: string, i: number, required: boolean): number | undefined => {
        const raw = (cells[i] ?? '').trim();
        // Plain digits are nearly every cell; the full parser handles spaces and decimal commas.
        const value = plainDigits.test(raw) ? Number(raw) : parseNumberCell(raw);
        if (value === null) {
          if (required) throw new AnalyzeError(`line ${line}, column "${header}": empty`);
          return undefined;
        }
        if (!Number.isInteger(value) || value < 0) {
          throw new AnalyzeError(`line ${line}, column "${header}": not a whole number ≥ 0`);
        }
        return value;
      };
      const values: Record<string, number> = {};
      for (const c of lineColumns) {
        const v = read(c.header, c.i, c.key === registeredKey);
        if (v !== undefined) values[c.key] = v;
      }
      const votes: Record<string, number> = {};
      for (const c of optionColumns) votes[c.header] = read(c.header, c.i, true) ?? 0;
      const parts = keyColumns.map((i) => (cells[i] ?? '').trim()).filter((p) => p !== '');
      const stationKey = parts.length ? parts.join(' / ') : `line ${line}`;
      const seen = firstLine.get(stationKey);
      if (seen !== undefined)
        throw new AnalyzeError(`line ${line}: station "${stationKey}" again (first on line ${seen})`);
      firstLine.set(stationKey, line);
      rows.push(stationResultFromLines(code, stationKey, values, votes));
    }
    if (rows.length === 0) throw new AnalyzeError(`${path}: no station rows under the header`);
    return {
      format: table.format,
      ...(table.encoding ? { encoding: table.encoding } : {}),
      ...(table.separator ? { separator: table.separator === '\t' ? 'tab' : table.separator } : {}),
      template: templateName,
      lines,
      station,
      options: optionHeaders,
      rows,
    };
  } catch (error) {
    throw describeFileError(path, error);
  } finally {
    await table.close();
  }
}

function describeFileError(path: string, error: unknown): Error {
  if (error instanceof AnalyzeError) return error;
  if (error instanceof DomainError) {
    const details = (error.details ?? {}) as Record<string, unknown>;
    const where = typeof details.line === 'number' ? ` (line ${details.line})` : '';
    return new AnalyzeError(`${path}: ${error.message}${where} [${error.code}]`);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new AnalyzeError(`${path}: no such file`);
  if (code === 'EISDIR') return new AnalyzeError(`${path}: is a directory`);
  if (code === 'EACCES') return new AnalyzeError(`${path}: permission denied`);
  return error instanceof Error ? error : new Error(String(error));
}
