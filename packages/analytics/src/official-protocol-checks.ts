import {
  buildProtocolTemplate,
  checkProtocol,
  expandSum,
  type ProtocolRelation,
  type ProtocolTemplate,
} from '@pollwatch/core';
import type { StationResult } from './station-result.ts';

/**
 * A template for a results file whose options are known only by key (a column header): each option
 * becomes ballot option `o1`, `o2`, … named by its key, so any header text works as a name.
 */
export function resultsProtocolTemplate(
  base: ProtocolTemplate,
  options: readonly string[],
): { template: ProtocolTemplate; optionLines: Record<string, string> } {
  const template = buildProtocolTemplate(
    base,
    options.map((name, i) => ({ code: `o${i + 1}`, name: { ru: name } })),
  );
  const optionLines: Record<string, string> = {};
  options.forEach((name, i) => {
    optionLines[name] = `option_o${i + 1}`;
  });
  return { template, optionLines };
}

/**
 * Which template line each top-level field of a StationResult stands for, so rows without `lines`
 * can still be checked on what they have. Issued ballots span three lines in Russia and are left out.
 */
const fieldLines: Record<string, { registered: string; valid?: string; invalid: string }> = {
  ru: { registered: 'voters_on_list', valid: 'valid', invalid: 'invalid' },
  kz: { registered: 'voters_on_lists', invalid: 'invalid_ballots' },
};

/** The protocol values of a row: its `lines`, else its fields, plus one line per option. */
export function protocolValues(
  row: StationResult,
  template: ProtocolTemplate,
  optionLines: Readonly<Record<string, string>>,
): Record<string, number> {
  const values: Record<string, number> = {};
  if (row.lines) Object.assign(values, row.lines);
  else {
    const fields = fieldLines[template.code];
    if (fields) {
      values[fields.registered] = row.registered;
      values[fields.invalid] = row.invalid;
      if (fields.valid) values[fields.valid] = row.valid;
    }
  }
  for (const [key, votes] of Object.entries(row.options)) {
    const line = optionLines[key] ?? `option_${key}`;
    values[line] = votes;
  }
  return values;
}

export interface RelationCheckResult {
  relationId: string;
  severity: ProtocolRelation['severity'];
  op: ProtocolRelation['op'];
  /** Stations on which the relation could be judged (no line of it missing). */
  checked: number;
  failing: number;
  stations: { stationKey: string; left: number; right: number }[];
}

export interface ProtocolChecksResult {
  template: string;
  stations: number;
  /** Stations failing at least one relation of severity `error`. */
  stationsWithErrors: number;
  stationsWithWarnings: number;
  relations: RelationCheckResult[];
}

/**
 * The template's control relations (core's `checkProtocol`) on every official row: per relation,
 * how many stations fail it and which. A relation over a line the row lacks is not judged.
 * `optionLines` maps option keys to template lines (default `option_<key>`).
 */
export function checkOfficialProtocols(
  rows: readonly StationResult[],
  template: ProtocolTemplate,
  optionLines: Readonly<Record<string, string>> = {},
): ProtocolChecksResult {
  const relations = new Map<string, RelationCheckResult>(
    template.relations.map((r) => [
      r.id,
      { relationId: r.id, severity: r.severity, op: r.op, checked: 0, failing: 0, stations: [] },
    ]),
  );
  // `@options` expanded once, not per row; checkProtocol gets the same relations over explicit keys.
  const expanded: ProtocolTemplate = {
    ...template,
    relations: template.relations.map((r) => ({
      ...r,
      left: { plus: expandSum(template, r.left.plus), minus: expandSum(template, r.left.minus ?? []) },
      right: { plus: expandSum(template, r.right.plus), minus: expandSum(template, r.right.minus ?? []) },
    })),
  };
  // Each relation compiled to key lists: core's checkProtocol costs ~15 µs a row, so the rows are
  // screened here with the same arithmetic, and only rows with a failure go through checkProtocol,
  // which stays the one source of the failures reported (a test holds the two to agreement).
  const compiled = expanded.relations.map((r) => ({
    result: relations.get(r.id),
    op: r.op,
    leftPlus: r.left.plus,
    leftMinus: r.left.minus ?? [],
    rightPlus: r.right.plus,
    rightMinus: r.right.minus ?? [],
  }));
  let stationsWithErrors = 0;
  let stationsWithWarnings = 0;
  for (const row of rows) {
    const values = protocolValues(row, template, optionLines);
    let anyFailure = false;
    for (const c of compiled) {
      const left = linearSum(values, c.leftPlus, c.leftMinus);
      const right = linearSum(values, c.rightPlus, c.rightMinus);
      if (left === null || right === null) continue;
      if (c.result) c.result.checked += 1;
      if (!(c.op === '=' ? left === right : c.op === '<=' ? left <= right : left >= right)) anyFailure = true;
    }
    if (!anyFailure) continue;
    let error = false;
    let warning = false;
    for (const failure of checkProtocol(expanded, values)) {
      const result = relations.get(failure.relationId);
      if (!result) continue;
      result.failing += 1;
      result.stations.push({ stationKey: row.stationKey, left: failure.left, right: failure.right });
      if (failure.severity === 'error') error = true;
      else warning = true;
    }
    if (error) stationsWithErrors += 1;
    if (warning) stationsWithWarnings += 1;
  }
  return {
    template: template.code,
    stations: rows.length,
    stationsWithErrors,
    stationsWithWarnings,
    relations: [...relations.values()],
  };
}

/** Σ plus − Σ minus, or null when a line is missing (the relation is then not judged). */
function linearSum(
  values: Readonly<Record<string, number>>,
  plus: readonly string[],
  minus: readonly string[],
): number | null {
  let total = 0;
  for (const k of plus) {
    const v = values[k];
    if (v === undefined || !Number.isFinite(v)) return null;
    total += v;
  }
  for (const k of minus) {
    const v = values[k];
    if (v === undefined || !Number.isFinite(v)) return null;
    total -= v;
  }
  return total;
}

/**
 * A StationResult from protocol lines read from a results file, per template:
 * ru — registered = line 1, issued = lines 3+4+5 (when any is present), valid = line 10
 * (Σ options when absent), invalid = line 9; kz — registered = line 1, issued = line 3,
 * valid = Σ options (kz has no such line), invalid = line 6. Missing invalid counts as 0.
 */
export function stationResultFromLines(
  templateCode: string,
  stationKey: string,
  lines: Readonly<Record<string, number>>,
  options: Readonly<Record<string, number>>,
): StationResult {
  const optionSum = Object.values(options).reduce((a, b) => a + b, 0);
  const sumOf = (keys: string[]): number | undefined =>
    keys.some((k) => lines[k] !== undefined) ? keys.reduce((a, k) => a + (lines[k] ?? 0), 0) : undefined;
  if (templateCode === 'ru') {
    const issued = sumOf(['issued_early', 'issued_in_station', 'issued_outside']);
    return {
      stationKey,
      registered: lines.voters_on_list ?? 0,
      ...(issued === undefined ? {} : { issued }),
      valid: lines.valid ?? optionSum,
      invalid: lines.invalid ?? 0,
      options: { ...options },
      lines: { ...lines },
    };
  }
  if (templateCode === 'kz') {
    const issued = lines.voters_received_ballots;
    return {
      stationKey,
      registered: lines.voters_on_lists ?? 0,
      ...(issued === undefined ? {} : { issued }),
      valid: optionSum,
      invalid: lines.invalid_ballots ?? 0,
      options: { ...options },
      lines: { ...lines },
    };
  }
  throw new RangeError(`no line mapping for protocol template ${templateCode}`);
}
