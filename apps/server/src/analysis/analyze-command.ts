import { readFile } from 'node:fs/promises';
import { analyzeResults, type ResultsAnalysis, resultsProtocolTemplate } from '@pollwatch/analytics';
import { AnalyzeError, type ResultTemplateName, readResultsFile, resultTemplates } from './results-file.ts';

export interface AnalyzeCommandOptions {
  template?: string;
  /** Path of a JSON file `{ lineKey: header }`. */
  mapping?: string;
  leader?: string;
}

export interface AnalyzeReport {
  file: { path: string; format: string; encoding?: string; separator?: string; stations: number };
  template: ResultTemplateName;
  columns: { lines: Record<string, string>; station: Record<string, string>; options: string[] };
  leader: string;
  totals: ResultsAnalysis['totals'];
  protocolChecks: ResultsAnalysis['protocolChecks'];
  integerPercentages: ResultsAnalysis['integerPercentages'];
  shpilkin: ResultsAnalysis['shpilkin'];
  lastDigit: ResultsAnalysis['lastDigit'];
  outliers: ResultsAnalysis['outliers'];
}

async function readMappingFile(path: string): Promise<Record<string, string | null>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new AnalyzeError(`--mapping ${path}: ${(error as Error).message}`);
  }
  if (
    !parsed ||
    typeof parsed !== 'object' ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((v) => v !== null && typeof v !== 'string')
  ) {
    throw new AnalyzeError('--mapping must be a JSON object of protocol line key → column header');
  }
  return parsed as Record<string, string | null>;
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

/** `pollwatch analyze FILE`: reads the per-station results and runs every test on them. */
export async function analyzeFile(path: string, options: AnalyzeCommandOptions = {}): Promise<AnalyzeReport> {
  if (options.template !== undefined && !Object.hasOwn(resultTemplates, options.template)) {
    throw new AnalyzeError(`--template must be russia or kazakhstan, not "${options.template}"`);
  }
  const mapping = options.mapping ? await readMappingFile(options.mapping) : undefined;
  const file = await readResultsFile(path, {
    ...(options.template ? { template: options.template as ResultTemplateName } : {}),
    ...(mapping ? { mapping } : {}),
  });
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
    columns: { lines: file.lines, station: file.station, options: file.options },
    leader: analysis.leader,
    totals: analysis.totals,
    protocolChecks: analysis.protocolChecks,
    integerPercentages: analysis.integerPercentages,
    shpilkin: analysis.shpilkin,
    lastDigit: analysis.lastDigit,
    outliers: analysis.outliers,
  };
}

/** The CLI action: the report as JSON on stdout; errors reach runCli as one-line messages. */
export async function runAnalyzeCommand(path: string, options: AnalyzeCommandOptions): Promise<void> {
  const report = await analyzeFile(path, options);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
