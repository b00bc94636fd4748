import { ALL_OPTIONS, type LinearSum, type ProtocolRelation, type ProtocolTemplate } from '@pollwatch/core';

/**
 * The protocol's own arithmetic as a check of a results file's column mapping. When an error
 * relation ("valid = sum of options", the ballot-box balance) fails at most stations, the columns
 * are more likely misassigned than the commissions wrong: this finds the column moves (a column
 * to another line, two columns swapped, an option that is really a line) after which the relations
 * hold, and says so. It only suggests; the mapping stays the user's.
 */

/** A numeric column of the file and what the mapping makes of it. */
export interface MappedColumn {
  header: string;
  /** A template line key, ALL_OPTIONS for "a ballot option named by its header", or null (ignored). */
  target: string | null;
}

export interface ColumnMove {
  header: string;
  from: string | null;
  to: string | null;
}

export interface MappingWarning {
  relationId: string;
  /** Stations where the relation could be judged, and where it failed, with the mapping as given. */
  judged: number;
  failing: number;
  /** The columns the relation reads as mapped, or the ones the fix moves. */
  columns: string[];
  /** The smallest set of moves found after which the failing relations hold at most stations. */
  fix: ColumnMove[] | null;
  /** With the fix: the share of judged stations (0…1) where this relation holds. */
  holdsAfterFix: number | null;
}

export interface MappingCheckOptions {
  /** A relation failing at more than this share of the stations judged is suspicious (default 0.5). */
  threshold?: number;
  /** Stations used to search for a fix (evenly spread); the final shares use every station. */
  sampleSize?: number;
  /** Whether ALL_OPTIONS is a target a column may move to (per-header options, the CLI). */
  optionColumns?: boolean;
  /** How well a column's header fits a line (0…1), to choose between moves the numbers cannot tell apart. */
  nameFit?: (header: string, target: string) => number;
}

type Assignment = (string | null)[];

interface RelationTally {
  judged: number;
  failing: number;
  /** Stations judged where it holds: between equal moves, the one more relations confirm wins. */
  holding: number;
  /** How far off the failing stations are in total: a move that halves it is progress too. */
  off: number;
}

function isOptionTarget(target: string | null, optionLines: ReadonlySet<string>): boolean {
  return target === ALL_OPTIONS || (target !== null && optionLines.has(target));
}

function tallyRelations(
  relations: readonly ProtocolRelation[],
  assignment: Assignment,
  values: readonly (readonly (number | null)[])[],
  optionLines: ReadonlySet<string>,
): RelationTally[] {
  const columnOf = new Map<string, number>();
  const optionColumns: number[] = [];
  assignment.forEach((target, i) => {
    if (isOptionTarget(target, optionLines)) optionColumns.push(i);
    else if (target !== null) columnOf.set(target, i);
  });
  // Each sum as column indexes with signs; null when a line it needs has no column.
  const compile = (sum: LinearSum): { i: number; sign: number }[] | null => {
    const terms: { i: number; sign: number }[] = [];
    for (const [keys, sign] of [
      [sum.plus, 1],
      [sum.minus ?? [], -1],
    ] as const) {
      for (const key of keys) {
        if (key === ALL_OPTIONS) {
          if (optionColumns.length === 0) return null;
          for (const i of optionColumns) terms.push({ i, sign });
        } else {
          const i = columnOf.get(key);
          if (i === undefined) return null;
          terms.push({ i, sign });
        }
      }
    }
    return terms;
  };
  return relations.map((relation) => {
    const left = compile(relation.left);
    const right = compile(relation.right);
    const tally = { judged: 0, failing: 0, off: 0, holding: 0 };
    if (!left || !right) return tally;
    const terms = [...left, ...right.map((t) => ({ i: t.i, sign: -t.sign }))];
    for (const row of values) {
      let difference = 0;
      let missing = false;
      for (const t of terms) {
        const v = row[t.i];
        if (v === null || v === undefined) {
          missing = true;
          break;
        }
        difference += t.sign * v;
      }
      if (missing) continue;
      tally.judged += 1;
      const holds = relation.op === '=' ? difference === 0 : relation.op === '<=' ? difference <= 0 : difference >= 0;
      if (!holds) {
        tally.failing += 1;
        tally.off += Math.abs(difference);
      } else tally.holding += 1;
    }
    return tally;
  });
}

interface Cost {
  failing: number;
  off: number;
  holding: number;
  prior: number;
}

/** Failures, with a relation the mapping no longer lets us judge counted as failing everywhere. */
function cost(
  tallies: readonly RelationTally[],
  judgedBefore: readonly boolean[],
  stations: number,
  prior: number,
): Cost {
  let failing = 0;
  let off = 0;
  let holding = 0;
  tallies.forEach((t, r) => {
    holding += t.holding;
    if (t.judged === 0 && judgedBefore[r]) {
      failing += stations;
      off = Number.POSITIVE_INFINITY;
    } else {
      failing += t.failing;
      off += t.off;
    }
  });
  return { failing, off, holding, prior };
}

/** Fewer failures, then smaller misses, then more relations confirmed, then the names agreeing more. */
function better(a: Cost, b: Cost): boolean {
  if (a.failing !== b.failing) return a.failing < b.failing;
  if (a.off !== b.off) return a.off < b.off;
  if (a.holding !== b.holding) return a.holding > b.holding;
  return a.prior > b.prior;
}
/** Progress: half the failing stations gone, or as many failing but half as far off. */
const progress = (next: Cost, current: Cost) =>
  next.failing <= current.failing * 0.5 || (next.failing <= current.failing && next.off <= current.off * 0.5);

/**
 * Checks a results file's mapping against the template's error relations. `values[station][column]`
 * holds each numeric column's value at each station (null when empty), in the order of `columns`.
 */
export function checkColumnMapping(
  template: ProtocolTemplate,
  columns: readonly MappedColumn[],
  values: readonly (readonly (number | null)[])[],
  options: MappingCheckOptions = {},
): MappingWarning[] {
  const threshold = options.threshold ?? 0.5;
  const relations = template.relations.filter((r) => r.severity === 'error');
  const optionLines = new Set(template.lines.filter((l) => l.kind === 'option').map((l) => l.key));
  const initial: Assignment = columns.map((c) => c.target);
  const full = tallyRelations(relations, initial, values, optionLines);
  const suspicious = full.flatMap((t, r) => (t.judged > 0 && t.failing > threshold * t.judged ? [r] : []));
  if (suspicious.length === 0) return [];

  const sampleSize = options.sampleSize ?? 2000;
  const step = Math.max(1, Math.floor(values.length / sampleSize));
  const sample = values.filter((_, i) => i % step === 0);
  const judgedBefore = full.map((t) => t.judged > 0);
  // Ignoring a column comes first: with nothing to tell moves apart, "not an option" is all we know.
  const targets: (string | null)[] = [
    null,
    ...template.lines.map((l) => l.key),
    ...(options.optionColumns ? [ALL_OPTIONS] : []),
  ];

  // Warning relations (≤) cannot tell a mapping wrong, but where they hold they confirm a move.
  const confirming = template.relations.filter((r) => r.severity !== 'error');
  const nameFit = options.nameFit ?? (() => 0);
  const evaluate = (assignment: Assignment): Cost => {
    const base = cost(tallyRelations(relations, assignment, sample, optionLines), judgedBefore, sample.length, 0);
    for (const t of tallyRelations(confirming, assignment, sample, optionLines)) base.holding += t.holding;
    base.prior = assignment.reduce(
      (sum: number, target, i) =>
        sum + (target === null || target === ALL_OPTIONS ? 0 : nameFit(columns[i]?.header ?? '', target)),
      0,
    );
    return base;
  };
  let current = initial;
  let currentCost = evaluate(current);
  const moves: ColumnMove[] = [];
  // Greedy: the single move (or swap) that removes the most failures, up to three times.
  for (let round = 0; round < 3 && currentCost.failing > 0; round++) {
    let best: { assignment: Assignment; cost: Cost; moves: ColumnMove[] } | null = null;
    for (let c = 0; c < current.length; c++) {
      const from = current[c] ?? null;
      for (const to of targets) {
        if (to === from) continue;
        if (isOptionTarget(from, optionLines) && isOptionTarget(to, optionLines)) continue;
        const next = [...current];
        next[c] = to;
        const step: ColumnMove[] = [{ header: columns[c]?.header ?? '', from, to }];
        // A line has one column: whoever held it takes this column's old place.
        const holder = to === null || to === ALL_OPTIONS ? -1 : current.indexOf(to);
        if (holder >= 0) {
          next[holder] = from;
          step.push({ header: columns[holder]?.header ?? '', from: to, to: from });
        }
        const nextCost = evaluate(next);
        if (best === null || better(nextCost, best.cost)) best = { assignment: next, cost: nextCost, moves: step };
      }
    }
    // Only a move that removes a real share of the failures is worth suggesting.
    if (best === null || !progress(best.cost, currentCost)) break;
    current = best.assignment;
    currentCost = best.cost;
    moves.push(...best.moves);
  }

  let fixed = moves.length > 0 ? tallyRelations(relations, current, values, optionLines) : null;
  // A fix after which the relations still fail at most stations is no fix.
  if (fixed && suspicious.some((r) => (fixed?.[r]?.failing ?? 0) > threshold * (fixed?.[r]?.judged ?? 0))) {
    fixed = null;
    moves.length = 0;
  }
  return suspicious.map((r): MappingWarning => {
    const relation = relations[r] as ProtocolRelation;
    const tally = full[r] as RelationTally;
    const after = fixed?.[r];
    const read = new Set([...relation.left.plus, ...(relation.left.minus ?? []), ...relation.right.plus]);
    for (const k of relation.right.minus ?? []) read.add(k);
    const columnsRead = columns
      .filter(
        (c) =>
          c.target !== null && (read.has(c.target) || (read.has(ALL_OPTIONS) && isOptionTarget(c.target, optionLines))),
      )
      .map((c) => c.header);
    return {
      relationId: relation.id,
      judged: tally.judged,
      failing: tally.failing,
      columns: moves.length > 0 ? [...new Set(moves.map((m) => m.header))] : columnsRead,
      fix: moves.length > 0 ? moves : null,
      holdsAfterFix: after && after.judged > 0 ? (after.judged - after.failing) / after.judged : null,
    };
  });
}

/** One line of English for the command line: what fails, which columns, and the fix. */
export function describeMappingWarning(warning: MappingWarning, lineName: (key: string) => string): string {
  const share = (n: number) => `${Math.round(n * 1000) / 10}%`;
  const what = (target: string | null) =>
    target === null ? 'ignored' : target === ALL_OPTIONS ? 'a ballot option' : lineName(target);
  const head = `${warning.relationId} fails at ${warning.failing} of ${warning.judged} stations (${share(warning.failing / Math.max(1, warning.judged))}): the column mapping is probably wrong`;
  if (!warning.fix) return `${head}; check the columns ${warning.columns.map((c) => `"${c}"`).join(', ')}`;
  const moves = warning.fix.map((m) => `"${m.header}" as ${what(m.to)} (not ${what(m.from)})`).join(', ');
  const after =
    warning.holdsAfterFix === null ? '' : `, the relation holds at ${share(warning.holdsAfterFix)} of stations`;
  return `${head}; with ${moves}${after}`;
}
