import type { ImportReport } from '@pollwatch/core';

/** The import report as the command line prints it: counts, then each problem by line. */
export function formatImportReport(report: ImportReport, dryRun: boolean): string {
  const lines = [
    `${dryRun ? 'dry run' : report.applied ? 'applied' : 'not applied'}: ${report.kind}` +
      (report.encoding ? `, encoding ${report.encoding}` : '') +
      (report.separator ? `, separator ${report.separator === '\t' ? 'tab' : report.separator}` : ''),
    `rows ${report.rows}: added ${report.added}, changed ${report.changed}, unchanged ${report.unchanged}, rejected ${report.rejected}`,
  ];
  for (const p of report.mappingProblems) {
    lines.push(`column ${p.field}: ${p.code}${p.header ? ` (${p.header})` : ''}`);
  }
  for (const p of report.problems) {
    const params = p.params
      ? ` ${Object.entries(p.params)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`
      : '';
    lines.push(`line ${p.line}${p.field ? `, ${p.field}` : ''}: ${p.code}${params}`);
  }
  if (report.problems.length < report.rejected)
    lines.push(`… and more: only the first ${report.problems.length} problems are listed`);
  if (!dryRun && !report.applied) lines.push('nothing was written');
  return lines.join('\n');
}
