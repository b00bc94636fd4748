import type { ProposalConflictCode, ProposalDto, ProposalRowConflicts } from '@pollwatch/core';
import { ApiError } from '../../api/api-client.ts';

/** A row of the proposal as the coordinator edits it: the observer can be swapped for an alternative. */
export interface EditableRow {
  stationId: string;
  stationNumber: number;
  stationAddress: string;
  inSample: boolean;
  observerId: string;
  /** The observer first proposed and the alternatives, to swap between. */
  options: { id: string; name: string }[];
}

export function editableRows(proposal: ProposalDto): EditableRow[] {
  return proposal.rows.map((r) => ({
    stationId: r.stationId,
    stationNumber: r.stationNumber,
    stationAddress: r.stationAddress,
    inSample: r.inSample,
    observerId: r.observerId,
    options: [{ id: r.observerId, name: r.observerName }, ...r.alternatives],
  }));
}

export const rowKey = (r: Pick<EditableRow, 'observerId' | 'stationId'>) => `${r.observerId}:${r.stationId}`;

export function swapObserver(rows: readonly EditableRow[], index: number, observerId: string): EditableRow[] {
  return rows.map((r, i) => (i === index ? { ...r, observerId } : r));
}

export function removeRow(rows: readonly EditableRow[], index: number): EditableRow[] {
  return rows.filter((_, i) => i !== index);
}

export interface RowProblem {
  codes: ProposalConflictCode[];
  overridable: boolean;
}

/**
 * The conflicts of a refused confirmation, by row (observer × station, so they stay on the right
 * row when the coordinator removes another one). Empty for any other error.
 */
export function conflictsOf(error: unknown, sent: readonly EditableRow[]): Map<string, RowProblem> {
  const out = new Map<string, RowProblem>();
  if (!(error instanceof ApiError) || error.code !== 'assignment_conflicts') return out;
  const rows = (error.details as { rows?: ProposalRowConflicts[] } | undefined)?.rows ?? [];
  for (const p of rows) {
    const row = sent[p.row];
    if (row) out.set(rowKey(row), { codes: p.codes, overridable: p.overridable });
  }
  return out;
}

/** Whether `override` would let every remaining conflicting row through. */
export function allOverridable(problems: ReadonlyMap<string, RowProblem>, rows: readonly EditableRow[]): boolean {
  return rows.every((r) => problems.get(rowKey(r))?.overridable ?? true);
}
