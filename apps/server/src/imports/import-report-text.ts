import type { ImportReport } from '@pollwatch/core';

/** The import report as the command line prints it: counts, then each problem by line. */
export function formatImportReport(report: ImportReport, dryRun: boolean): string {
  const lines = [
    `${dryRun ? 'dry run' : report.applied ? 'applied' : 'not applied'}: ${report.kind}` +
      (report.encoding ? `, encoding ${report.encoding}` : '') +
      (report.separator ? `, separator ${report.separator === '\t' ? 'tab' : report.separator}` : ''),
    `rows ${report.rows}: added ${report.added}, changed ${report.changed}, unchanged ${report.unchanged}, rejected ${report.rejected}`,
  ];
  if (report.withoutAddress) lines.push(`${report.withoutAddress} station(s) without an address`);
  for (const m of report.areaMatches ?? []) {
    lines.push(
      `line ${m.firstLine}, ${m.field}: "${m.text}" taken as "${m.areaName.ru}" (${m.rule === 'words' ? "the commission's district" : 'the same name written otherwise'}; ${m.rows} row(s))`,
    );
  }
  const missing = report.missingAreas ?? [];
  const creating = report.areasCreated !== undefined;
  for (const a of missing) {
    const where = a.parentName ? ` in "${a.parentName}"` : '';
    const verb = creating ? (report.applied ? 'created' : 'will create') : 'not in the tree:';
    lines.push(`${verb} ${a.level} "${a.name}"${where} (${a.stations} station(s), first on line ${a.firstLine})`);
  }
  if (missing.length > 0 && !creating)
    lines.push(`${missing.length} area(s) named in the file are not in the tree; --create-areas creates them`);
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
