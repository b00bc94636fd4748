import { readFile } from 'node:fs/promises';
import {
  analyzeResults,
  describeMappingWarning,
  type MappingWarning,
  type ResultsAnalysis,
  resultsProtocolTemplate,
} from '@pollwatch/analytics';
import type { IgnoredColumnReason, ResultsColumn } from '@pollwatch/core';
import {
  AnalyzeError,
  printableMapping,
  type ResultsFile,
  type ResultsMapping,
  type ResultTemplateName,
  readResultsFile,
  resultTemplates,
} from './results-file.ts';

export interface AnalyzeCommandOptions {
  template?: string;
  /** Path of a JSON file: `{ "template"?, "columns": { header: key | "option" | null } }` or `{ lineKey: header }`. */
  mapping?: string;
  leader?: string;
  /** Print the mapping chosen (the shape `mapping` reads) instead of the analysis. */
  printMapping?: boolean;
}

export interface AnalyzeReport {
  file: { path: string; format: string; encoding?: string; separator?: string; stations: number };
  template: ResultTemplateName;
  columns: {
    lines: Record<string, string>;
    station: Record<string, string>;
    options: string[];
    ignored: { header: string; reason: IgnoredColumnReason; candidates?: string[] }[];
  };
  /** Every column's role with how sure it is (exact, strong, weak, given) or why it was ignored. */
  mapping: ResultsColumn[];
  /** Relations failing at most stations because of the mapping, most likely, and the suggested fix. */
  mappingWarnings: (MappingWarning & { message: string })[];
  leader: string;
  totals: ResultsAnalysis['totals'];
  protocolChecks: ResultsAnalysis['protocolChecks'];
  integerPercentages: ResultsAnalysis['integerPercentages'];
  shpilkin: ResultsAnalysis['shpilkin'];
  lastDigit: ResultsAnalysis['lastDigit'];
  outliers: ResultsAnalysis['outliers'];
}

const isStringMap = (value: unknown): value is Record<string, string | null> =>
  Boolean(value) &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  Object.values(value as object).every((v) => v === null || typeof v === 'string');

/** Reads `--mapping`: what `--print-mapping` printed (perhaps edited), or the older `{ lineKey: header }`. */
async function readMappingFile(path: string): Promise<ResultsMapping> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new AnalyzeError(`--mapping ${path}: ${(error as Error).message}`);
  }
  const shape =
    '--mapping must be a JSON object { "template": "russia" | "kazakhstan", "columns": { column header: line key, "option" or null } } (as --print-mapping prints it) or { line key: column header }';
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && 'columns' in parsed) {
    const { template, columns, ...rest } = parsed as Record<string, unknown>;
    if (!isStringMap(columns) || Object.keys(rest).length > 0) throw new AnalyzeError(shape);
    if (template !== undefined && !(typeof template === 'string' && Object.hasOwn(resultTemplates, template))) {
      throw new AnalyzeError('--mapping: "template" must be russia or kazakhstan');
    }
    return { ...(template ? { template: template as ResultTemplateName } : {}), columns };
  }
  if (!isStringMap(parsed)) throw new AnalyzeError(shape);
  return { byKey: parsed };
}

const reasonText: Record<IgnoredColumnReason, string> = {
  url: 'links, not numbers',
  date: 'dates, not numbers',
  text: 'text, not numbers',
  empty: 'empty',
  looks_like_line: 'named like a protocol line but not matched to one',
  duplicate_header: 'the same header as an earlier column',
  by_mapping: 'ignored by --mapping',
  unmatched: 'not matched',
};

/** "line 10 (valid)" */
function lineNamer(name: ResultTemplateName): (key: string) => string {
  return (key) => {
    const line = resultTemplates[name].lines.find((l) => l.key === key);
    return line ? `line ${line.number} (${key})` : key;
  };
}

/** What the automatic choices were, for stderr: weak matches, columns set aside, mapping warnings. */
export function mappingNotes(file: {
  template: ResultTemplateName;
  columns: readonly ResultsColumn[];
  mappingWarnings: readonly MappingWarning[];
}): string[] {
  const lineName = lineNamer(file.template);
  const notes: string[] = [];
  for (const c of file.columns) {
    if (c.role === 'line' && c.confidence === 'weak') {
      notes.push(`note: column "${c.header}" read as ${lineName(c.key ?? '')} (a weak match; check it)`);
    }
    if (c.role === 'ignored' && c.reason && c.reason !== 'by_mapping') {
      const near = c.candidates?.length ? `: ${c.candidates.map(lineName).join(' or ')}?` : '';
      notes.push(`note: column "${c.header}" ignored (${reasonText[c.reason]}${near})`);
    }
  }
  for (const w of file.mappingWarnings) notes.push(`warning: ${describeMappingWarning(w, lineName)}`);
  return notes;
}

const fold = (s: string) => s.toLowerCase().replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();

/** The option a --leader value names: exactly (ignoring case, ё and spaces), else the one it begins. */
function findLeader(name: string, options: readonly string[]): string {
  const wanted = fold(name);
  const exact = options.find((o) => fold(o) === wanted);
  if (exact) return exact;
  const starts = options.filter((o) => fold(o).startsWith(wanted));
  if (starts.length === 1 && starts[0]) return starts[0];
  throw new AnalyzeError(
    `--leader "${name}" ${starts.length > 1 ? 'is ambiguous' : 'is not an option'}; options: ${options.join(', ')}`,
  );
}

async function readAnalyzedFile(path: string, options: AnalyzeCommandOptions): Promise<ResultsFile> {
  if (options.template !== undefined && !Object.hasOwn(resultTemplates, options.template)) {
    throw new AnalyzeError(`--template must be russia or kazakhstan, not "${options.template}"`);
  }
  const mapping = options.mapping ? await readMappingFile(options.mapping) : undefined;
  return readResultsFile(path, {
    ...(options.template ? { template: options.template as ResultTemplateName } : {}),
    ...(mapping ? { mapping } : {}),
  });
}

/** `pollwatch analyze FILE`: reads the per-station results and runs every test on them. */
export async function analyzeFile(path: string, options: AnalyzeCommandOptions = {}): Promise<AnalyzeReport> {
  const file = await readAnalyzedFile(path, options);
  const leader = options.leader === undefined ? undefined : findLeader(options.leader, file.options);
  const { template, optionLines } = resultsProtocolTemplate(resultTemplates[file.template], file.options);
  const analysis = analyzeResults(file.rows, { template, optionLines, ...(leader ? { leader } : {}) });
  return {
    file: {
      path,
      format: file.format,
      ...(file.encoding ? { encoding: file.encoding } : {}),
      ...(file.separator ? { separator: file.separator } : {}),
      stations: file.rows.length,
    },
    template: file.template,
    columns: {
      lines: file.lines,
      station: file.station,
      options: file.options,
      ignored: file.columns.flatMap((c) =>
        c.role === 'ignored' && c.reason
          ? [{ header: c.header, reason: c.reason, ...(c.candidates ? { candidates: c.candidates } : {}) }]
          : [],
      ),
    },
    mapping: file.columns,
    mappingWarnings: file.mappingWarnings.map((w) => ({
      ...w,
      message: describeMappingWarning(w, lineNamer(file.template)),
    })),
    leader: analysis.leader,
    totals: analysis.totals,
    protocolChecks: analysis.protocolChecks,
    integerPercentages: analysis.integerPercentages,
    shpilkin: analysis.shpilkin,
    lastDigit: analysis.lastDigit,
    outliers: analysis.outliers,
  };
}

/**
 * The CLI action: the report (or with --print-mapping the mapping) as JSON on stdout, the automatic
 * choices worth a look and the mapping warnings on stderr; errors reach runCli as one-line messages.
 */
export async function runAnalyzeCommand(path: string, options: AnalyzeCommandOptions): Promise<void> {
  if (options.printMapping) {
    const file = await readAnalyzedFile(path, options);
    for (const note of mappingNotes(file)) process.stderr.write(`${note}\n`);
    process.stdout.write(`${JSON.stringify(printableMapping(file), null, 2)}\n`);
    return;
  }
  const report = await analyzeFile(path, options);
  for (const note of mappingNotes({
    template: report.template,
    columns: report.mapping,
    mappingWarnings: report.mappingWarnings,
  })) {
    process.stderr.write(`${note}\n`);
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
