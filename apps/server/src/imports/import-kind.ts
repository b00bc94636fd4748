import {
  buildProtocolTemplate,
  type ColumnMapping,
  DomainError,
  type Election,
  type ImportKind,
  type ImportReport,
  type ImportRowProblem,
  type LabelledImportField,
  type MappingProblem,
  type Permission,
  type ProtocolTemplate,
  protocolTemplates,
  suggestMapping,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';

/** The rows of an uploaded table, numbered as the file numbers them. */
export type ImportRows = AsyncIterable<{ line: number; cells: string[] }>;

/** The columns of a kind of import, and how to guess them from a file's headers. */
export interface ImportFields {
  fields: LabelledImportField[];
  suggest: (headers: readonly string[]) => ColumnMapping;
}

/** What a dry run reads from and counts into: the file's mapped columns and the report being built. */
export interface PlanContext {
  store: Store;
  /** Null only for kinds whose `election` is 'none', or 'optional' and not given. */
  electionId: string | null;
  /** The kind's fields for this election (as `fields` answered). */
  fields: readonly LabelledImportField[];
  /** Field key → column index, for the mapped fields. */
  indexes: Record<string, number>;
  /** Counts (rows, added, changed, unchanged, rejected), changes and problems go here. */
  report: ImportReport;
  /** Adds row problems to the report (it keeps the first ones; counts cover every row). */
  addProblems: (list: readonly ImportRowProblem[]) => void;
  /** The choices of this run beyond the mapping (e.g. `createAreas` for stations, `overrideWarnings` for assignments). */
  options: { createAreas?: boolean | undefined; overrideWarnings?: boolean | undefined };
}

/** Where a plan is written: inside the one transaction of the apply. */
export interface ApplyContext {
  tx: Store;
  electionId: string | null;
  /** The user applying it; null from the command line. */
  actorId: string | null;
  now: Date;
}

/**
 * One kind of import (stations, areas, official results, …): everything the upload → preview →
 * dry run → apply wizard needs to know about it. ImportsService and the import worker look the
 * kind up in the registry (import-kinds.ts) and never branch on its name.
 *
 * `plan` reads every row and fills the report (added / changed / unchanged / rejected with a
 * reason per line); it writes nothing. `apply` writes what `plan` returned, inside the
 * transaction the service opens (which also marks the upload applied and writes the audit entry);
 * it is only called when the plan rejected nothing.
 */
export interface ImportKindDefinition<Planned = unknown> {
  kind: ImportKind;
  /** The permission an actor needs to upload, dry-run or apply this kind. */
  permission: Permission;
  /** Whether an upload names an election: never, when it has one, or always. */
  election: 'none' | 'optional' | 'required';
  /** The columns (results files follow the election's protocol template). */
  fields(store: Store, electionId: string | null): Promise<ImportFields>;
  /** Mapping problems beyond missing required columns (e.g. "area or region"). */
  mappingProblems?(indexes: Record<string, number>): MappingProblem[];
  plan(context: PlanContext, rows: ImportRows): Promise<Planned>;
  apply(context: ApplyContext, planned: Planned): Promise<void>;
}

/** The fields of a kind with fixed columns, matched to headers by their names. */
export function fixedFields(list: readonly LabelledImportField[]): ImportFields {
  const fields = [...list];
  return { fields, suggest: (headers) => suggestMapping(fields, headers) };
}

/** The election an import belongs to; not_found when there is none. */
export async function importElection(store: Store, electionId: string | null): Promise<Election> {
  const election = electionId ? await store.elections.findById(electionId) : undefined;
  if (!election) throw new DomainError('not_found', 'no such election');
  return election;
}

/** The protocol template of the election, with its ballot options: the columns of results files. */
export async function importTemplate(store: Store, electionId: string | null): Promise<ProtocolTemplate> {
  const election = await importElection(store, electionId);
  return buildProtocolTemplate(protocolTemplates[election.protocolTemplate], election.ballotOptions);
}

/** The election of a kind whose `election` is 'required' (the service has checked it is there). */
export function requiredElection(electionId: string | null): string {
  if (electionId === null) throw new DomainError('validation_failed', 'this import needs an election');
  return electionId;
}
