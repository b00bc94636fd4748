import {
  checkColumnMapping,
  type MappedColumn,
  type MappingWarning,
  type StationResult,
  stationResultFromLines,
} from '@pollwatch/analytics';
import type { ProtocolTemplate } from '@pollwatch/core';
import {
  ALL_OPTIONS,
  DomainError,
  type ImportField,
  kazakhstanProtocolTemplate,
  matchResultsColumns,
  parseNumberCell,
  protocolHeaderScorer,
  type ResultsColumn,
  russiaProtocolTemplate,
  stationImportFields,
} from '@pollwatch/core';
import { openTable, type TableRow } from '@pollwatch/documents';

/** A problem with the file or the options: printed as one line, exit code 1. */
export class AnalyzeError extends Error {}

export const resultTemplates = { russia: russiaProtocolTemplate, kazakhstan: kazakhstanProtocolTemplate } as const;
export type ResultTemplateName = keyof typeof resultTemplates;

/** Columns naming the station rather than counting anything. */
const stationFields: readonly ImportField[] = stationImportFields.filter((f) =>
  ['region', 'area', 'number', 'name', 'address'].includes(f.key),
);
const stationFieldKeys = new Set(stationFields.map((f) => f.key));
const stationKeyFields = ['region', 'area', 'number'] as const;
const plainDigits = /^\d{1,15}$/;
/** Rows read before the mapping is chosen, to tell numbers from links, names and dates. */
const SAMPLE_ROWS = 200;

const registeredKeys: Record<ResultTemplateName, string> = { russia: 'voters_on_list', kazakhstan: 'voters_on_lists' };

/**
 * A mapping as `--mapping` takes it and `--print-mapping` prints it: `columns` says per column
 * header what it is (a line key, region / area / number / name / address, "option", or null to
 * ignore it). The older shape `{ lineKey: header }` (null: no column for that line) is read too.
 */
export interface ResultsMapping {
  template?: ResultTemplateName;
  columns?: Record<string, string | null>;
  byKey?: Record<string, string | null>;
}

export interface ResultsFile {
  format: string;
  encoding?: string;
  separator?: string;
  template: ResultTemplateName;
  /** Template line key → header. */
  lines: Record<string, string>;
  /** Station field (region, area, number, name, address) → header. */
  station: Record<string, string>;
  /** Option columns: numeric columns that are no protocol line, in file order. */
  options: string[];
  /** Every column's role, confidence or reason for being ignored: nothing chosen silently. */
  columns: ResultsColumn[];
  /** Relations that fail at most stations, which the mapping more likely explains than the commissions. */
  mappingWarnings: MappingWarning[];
  rows: StationResult[];
}

export interface ReadResultsOptions {
  template?: ResultTemplateName;
  mapping?: ResultsMapping;
}

function countLineKeys(template: ProtocolTemplate): Set<string> {
  return new Set(template.lines.filter((l) => l.kind === 'count').map((l) => l.key));
}

function matchColumns(
  name: ResultTemplateName,
  headers: readonly string[],
  sample: readonly (readonly string[])[],
): ResultsColumn[] {
  return matchResultsColumns(resultTemplates[name], headers, {
    stationFields,
    sample,
    options: 'columns',
    registeredKey: registeredKeys[name],
  });
}

/** Which template the headers speak: the one matching more protocol lines (Russia on a tie). */
function chooseTemplate(headers: readonly string[], sample: readonly (readonly string[])[]): ResultTemplateName {
  const lines = (name: ResultTemplateName) => matchColumns(name, headers, sample).filter((c) => c.role === 'line');
  const ru = lines('russia');
  const kz = lines('kazakhstan');
  if (ru.length === 0 && kz.length === 0) {
    throw new AnalyzeError(
      'no column matches a protocol line of the Russian or Kazakh template; give --template and --mapping',
    );
  }
  const sure = (list: ResultsColumn[]) => list.filter((c) => c.confidence !== 'weak').length;
  if (kz.length !== ru.length) return kz.length > ru.length ? 'kazakhstan' : 'russia';
  return sure(kz) > sure(ru) ? 'kazakhstan' : 'russia';
}

/** The user's mapping laid over the automatic one; what it overrides is marked `given` or `by_mapping`. */
function applyMapping(
  columns: ResultsColumn[],
  mapping: ResultsMapping,
  templateName: ResultTemplateName,
  lineKeys: ReadonlySet<string>,
): void {
  const known = (key: string) => lineKeys.has(key) || stationFieldKeys.has(key);
  const describeKeys = () =>
    `a line of the ${templateName} protocol (${[...lineKeys].join(', ')}), ${[...stationFieldKeys].join(', ')} or option`;
  const set = (column: ResultsColumn, role: ResultsColumn['role'], key: string | undefined) => {
    if (key !== undefined) {
      // A line or station field has one column: another column holding it is let go.
      for (const other of columns) {
        if (other !== column && other.key === key && (other.role === 'line' || other.role === 'station')) {
          release(other);
        }
      }
    }
    delete column.reason;
    delete column.candidates;
    Object.assign(column, { role, confidence: 'given' }, key === undefined ? {} : { key });
    if (key === undefined) delete column.key;
  };
  const release = (column: ResultsColumn) => {
    delete column.key;
    delete column.confidence;
    delete column.candidates;
    Object.assign(column, { role: 'ignored', reason: 'by_mapping' });
  };
  const columnOf = (header: string) => {
    const column = columns.find((c) => c.header === header);
    if (!column) throw new AnalyzeError(`--mapping: the file has no column "${header}"`);
    return column;
  };
  for (const [key, header] of Object.entries(mapping.byKey ?? {})) {
    if (!lineKeys.has(key) && !stationKeyFields.includes(key as never)) {
      throw new AnalyzeError(
        `--mapping: "${key}" is neither a line of the ${templateName} protocol (${[...lineKeys].join(', ')}) nor region, area or number`,
      );
    }
    if (header === null || header === '') {
      for (const c of columns) if (c.key === key && (c.role === 'line' || c.role === 'station')) release(c);
    } else set(columnOf(header), lineKeys.has(key) ? 'line' : 'station', key);
  }
  for (const [header, key] of Object.entries(mapping.columns ?? {})) {
    const column = columnOf(header);
    if (key === null || key === '') release(column);
    else if (key === 'option') set(column, 'option', undefined);
    else if (known(key)) set(column, lineKeys.has(key) ? 'line' : 'station', key);
    else throw new AnalyzeError(`--mapping: column "${header}": "${key}" is not ${describeKeys()}`);
  }
}

/** The mapping as `--print-mapping` prints it and `--mapping` reads it back. */
export function printableMapping(file: Pick<ResultsFile, 'template' | 'columns'>): {
  template: ResultTemplateName;
  columns: Record<string, string | null>;
} {
  const columns: Record<string, string | null> = {};
  for (const c of file.columns) {
    if (Object.hasOwn(columns, c.header)) continue;
    columns[c.header] = c.role === 'option' ? 'option' : c.role === 'ignored' ? null : (c.key ?? null);
  }
  return { template: file.template, columns };
}

/** Reads a number cell leniently, for the mapping check: null when it is no whole number. */
function lenientNumber(raw: string): number | null {
  const value = plainDigits.test(raw) ? Number(raw) : parseNumberCell(raw);
  return value !== null && Number.isInteger(value) && value >= 0 ? value : null;
}

/**
 * Reads a per-station results file (CSV or XLSX, any encoding and separator openTable detects):
 * station columns and protocol lines matched by meaning (see matchResultsColumns in core), the
 * user's mapping laid over them, links, names and dates set aside, and every other numeric column
 * a ballot option named by its header. The protocol's own relations then check the mapping.
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
    const iterator = table.rows()[Symbol.asyncIterator]();
    const buffered: TableRow[] = [];
    while (buffered.length < SAMPLE_ROWS) {
      const next = await iterator.next();
      if (next.done) break;
      buffered.push(next.value);
    }
    const sample = buffered.map((r) => r.cells);
    const templateName = options.template ?? options.mapping?.template ?? chooseTemplate(headers, sample);
    const template = resultTemplates[templateName];
    const lineKeys = countLineKeys(template);
    const columns = matchColumns(templateName, headers, sample);
    if (options.mapping) applyMapping(columns, options.mapping, templateName, lineKeys);

    const lines: Record<string, string> = {};
    const station: Record<string, string> = {};
    for (const c of columns) {
      if (c.role === 'line' && c.key) lines[c.key] = c.header;
      if (c.role === 'station' && c.key) station[c.key] = c.header;
    }
    const optionColumns = columns.filter((c) => c.role === 'option');
    const registeredKey = registeredKeys[templateName];
    if (lines[registeredKey] === undefined) {
      const line = template.lines.find((l) => l.key === registeredKey);
      throw new AnalyzeError(`no column for protocol line 1 "${line?.officialName}"; name it in --mapping`);
    }
    if (optionColumns.length === 0) {
      throw new AnalyzeError('no option (candidate) columns left after the protocol lines');
    }

    const lineColumns = columns.filter((c) => c.role === 'line' && c.key);
    // Every numeric column the mapping check may move: lines, options and numeric columns set aside.
    const checked = columns.filter(
      (c) =>
        c.role === 'line' ||
        c.role === 'option' ||
        (c.role === 'ignored' && (c.reason === 'looks_like_line' || c.reason === 'by_mapping')),
    );
    const mapped: MappedColumn[] = checked.map((c) => ({
      header: c.header,
      target: c.role === 'line' ? (c.key ?? null) : c.role === 'option' ? ALL_OPTIONS : null,
    }));
    const values: (number | null)[][] = [];
    const keyColumns = stationKeyFields.flatMap((f) => (station[f] ? [headers.indexOf(station[f])] : []));
    const rows: StationResult[] = [];
    const firstLine = new Map<string, number>();
    const code = templateName === 'russia' ? 'ru' : 'kz';
    const readRow = ({ line, cells }: TableRow) => {
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
      const lineValues: Record<string, number> = {};
      for (const c of lineColumns) {
        const v = read(c.header, c.index, c.key === registeredKey);
        if (v !== undefined) lineValues[c.key as string] = v;
      }
      const votes: Record<string, number> = {};
      for (const c of optionColumns) votes[c.header] = read(c.header, c.index, true) ?? 0;
      values.push(checked.map((c) => lenientNumber((cells[c.index] ?? '').trim())));
      const parts = keyColumns.map((i) => (cells[i] ?? '').trim()).filter((p) => p !== '');
      const stationKey = parts.length ? parts.join(' / ') : `line ${line}`;
      const seen = firstLine.get(stationKey);
      if (seen !== undefined) {
        throw new AnalyzeError(`line ${line}: station "${stationKey}" again (first on line ${seen})`);
      }
      firstLine.set(stationKey, line);
      rows.push(stationResultFromLines(code, stationKey, lineValues, votes));
    };
    for (const row of buffered) readRow(row);
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) readRow(next.value);
    if (rows.length === 0) throw new AnalyzeError(`${path}: no station rows under the header`);
    // Between moves the numbers cannot tell apart, the one whose names agree is suggested.
    const score = protocolHeaderScorer(template, registeredKey);
    const fits = new Map(checked.map((c) => [c.header, new Map(score(c.header).map((s) => [s.key, s.score]))]));
    const mappingWarnings = checkColumnMapping(template, mapped, values, {
      optionColumns: true,
      nameFit: (header, target) => fits.get(header)?.get(target) ?? 0,
    });
    return {
      format: table.format,
      ...(table.encoding ? { encoding: table.encoding } : {}),
      ...(table.separator ? { separator: table.separator === '\t' ? 'tab' : table.separator } : {}),
      template: templateName,
      lines,
      station,
      options: optionColumns.map((c) => c.header),
      columns,
      mappingWarnings,
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
