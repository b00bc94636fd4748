import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type ColumnMapping,
  type CreateImportQuery,
  can,
  DomainError,
  type ImportKind,
  type ImportOptionsBody,
  type ImportPreview,
  type ImportReport,
  type ImportRowProblem,
  type MappingProblem,
  resolveMapping,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { DEFAULT_MAX_BYTES, openTable, sniffTable } from '@pollwatch/documents';
import { type Actor, audit } from '../auth/actor.ts';
import type { ImportKindDefinition } from './import-kind.ts';
import { importKindOf } from './import-kinds.ts';
import { REPORT_LIMIT } from './row-tally.ts';

export type ApplyElsewhere = (job: {
  now: Date;
  actor: Actor | null;
  run: ImportRun;
  recordId: string;
}) => Promise<ImportReport>;

export interface ImportRun {
  kind: ImportKind;
  path: string;
  electionId: string | null;
  options: Omit<ImportOptionsBody, 'mapping'> & { mapping?: ColumnMapping | undefined };
}

function emptyReport(id: string, kind: ImportKind): ImportReport {
  return {
    id,
    kind,
    applied: false,
    rows: 0,
    added: 0,
    changed: 0,
    unchanged: 0,
    rejected: 0,
    mappingProblems: [],
    problems: [],
    changes: [],
    encoding: null,
    separator: null,
  };
}

/**
 * Imports from CSV/XLSX: upload → preview → dry run → apply. The dry run and the apply read the
 * file the same way; apply writes everything in one transaction or nothing. What differs between
 * kinds (stations, areas, results, …) is in their definitions, found in the registry (import-kinds.ts).
 */
export class ImportsService {
  constructor(
    private readonly store: Store,
    private readonly dataDir: string,
    private readonly now: () => Date,
    private readonly maxBytes: number = DEFAULT_MAX_BYTES,
    /** Applies an upload somewhere else (the server: a worker thread, on SQLite in a file). */
    private readonly applyElsewhere?: ApplyElsewhere,
  ) {}

  private fileOf(id: string): string {
    return join(this.dataDir, 'imports', id);
  }

  /** Saves the upload (at most 200 MB, counted as it streams) and describes it for the mapping step. */
  async upload(actor: Actor, query: CreateImportQuery, body: Readable): Promise<ImportPreview> {
    assertMayImport(actor, query.kind);
    const electionId = await this.electionFor(query.kind, query.electionId);
    const id = randomUUID();
    const path = this.fileOf(id);
    await mkdir(join(this.dataDir, 'imports'), { recursive: true });
    let size = 0;
    const maxBytes = this.maxBytes;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) {
          done(new DomainError('file_too_large', 'the file is larger than allowed', { limitBytes: maxBytes }));
        } else done(null, chunk);
      },
    });
    try {
      await pipeline(body, limit, createWriteStream(path));
      const sniff = await sniffTable(path, { maxBytes, sampleRows: 10 });
      const now = this.now();
      await this.store.transaction(async (tx) => {
        await tx.imports.create({
          id,
          kind: query.kind,
          electionId,
          fileName: query.fileName,
          sizeBytes: size,
          format: sniff.format,
          createdBy: actor.user.id,
          createdAt: now,
        });
        await audit(
          tx,
          actor,
          {
            action: 'import.uploaded',
            entityType: 'import',
            entityId: id,
            details: { kind: query.kind, format: sniff.format, sizeBytes: size },
          },
          now,
        );
      });
      const { fields, suggest } = await importKindOf(query.kind).fields(this.store, electionId);
      return {
        id,
        kind: query.kind,
        electionId,
        fileName: query.fileName,
        sizeBytes: size,
        format: sniff.format,
        encoding: sniff.encoding ?? null,
        separator: sniff.separator ?? null,
        headers: sniff.headers,
        sample: sniff.sample.map((r) => r.cells),
        fields: fields.map((f) => ({ key: f.key, required: f.required, ...(f.label ? { label: f.label } : {}) })),
        suggestedMapping: suggest(sniff.headers) as Record<string, string | null>,
      };
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
  }

  async dryRun(actor: Actor, id: string, options: ImportOptionsBody): Promise<ImportReport> {
    const record = await this.record(id);
    assertMayImport(actor, record.kind);
    return (await this.plan(id, { kind: record.kind, path: this.fileOf(id), electionId: record.electionId, options }))
      .report;
  }

  async apply(actor: Actor | null, id: string, options: ImportOptionsBody): Promise<ImportReport> {
    const record = await this.record(id);
    if (actor) assertMayImport(actor, record.kind);
    if (record.appliedAt) throw new DomainError('conflict', 'this import was applied already');
    const run: ImportRun = { kind: record.kind, path: this.fileOf(id), electionId: record.electionId, options };
    const report = this.applyElsewhere
      ? await this.applyElsewhere({ now: this.now(), actor, run, recordId: id })
      : await this.applyRun(actor, run, id);
    await rm(this.fileOf(id), { force: true });
    return report;
  }

  /** For the command line: plan a file and, unless `dryRun`, apply it, with the same report. */
  async importFile(
    actor: Actor | null,
    run: Omit<ImportRun, 'electionId'> & { electionId?: string | undefined },
    dryRun: boolean,
  ) {
    const electionId = await this.electionFor(run.kind, run.electionId);
    const full = { ...run, electionId };
    return dryRun ? (await this.plan(randomUUID(), full)).report : this.applyRun(actor, full, null);
  }

  /** Plans the file again and writes it in one transaction (here, or on the import worker's thread). */
  async applyRun(actor: Actor | null, run: ImportRun, recordId: string | null): Promise<ImportReport> {
    const id = recordId ?? randomUUID();
    const plan = await this.plan(id, run);
    if (plan.report.rejected > 0 || plan.report.mappingProblems.length > 0) {
      const code = plan.report.mappingProblems.length > 0 ? 'import_columns_missing' : 'import_rejected';
      throw new DomainError(code, 'the file has problems; nothing was written', { report: plan.report });
    }
    const now = this.now();
    const report = { ...plan.report, applied: true };
    await this.store.transaction(async (tx) => {
      await plan.definition.apply(
        { tx, electionId: run.electionId, actorId: actor?.user.id ?? null, now },
        plan.planned,
      );
      if (recordId) await tx.imports.markApplied(recordId, report, now);
      await audit(
        tx,
        actor,
        {
          action: 'import.applied',
          entityType: 'import',
          entityId: id,
          details: {
            kind: run.kind,
            added: report.added,
            changed: report.changed,
            unchanged: report.unchanged,
            ...(report.areasCreated ? { areasCreated: report.areasCreated } : {}),
          },
        },
        now,
      );
    });
    return report;
  }

  private async plan(
    id: string,
    run: ImportRun,
  ): Promise<{ report: ImportReport; planned: unknown; definition: ImportKindDefinition }> {
    const definition = importKindOf(run.kind);
    const report = emptyReport(id, run.kind);
    const table = await openTable(run.path, {
      encoding: run.options.encoding ?? 'auto',
      separator: run.options.separator ?? 'auto',
      maxBytes: this.maxBytes,
    });
    try {
      report.encoding = table.encoding ?? null;
      report.separator = table.separator ?? null;
      const { fields, suggest } = await definition.fields(this.store, run.electionId);
      const mapping = run.options.mapping ?? suggest(table.headers);
      const { indexes, problems } = resolveMapping(fields, table.headers, mapping);
      const mappingProblems: MappingProblem[] = [...problems, ...(definition.mappingProblems?.(indexes) ?? [])];
      report.mappingProblems = mappingProblems;
      // Mapping problems stop the import before any row is read.
      if (mappingProblems.length) return { report, planned: undefined, definition };
      const addProblems = (list: readonly ImportRowProblem[]) => {
        for (const p of list) if (report.problems.length < REPORT_LIMIT) report.problems.push(p);
      };
      const context = {
        store: this.store,
        electionId: run.electionId,
        fields,
        indexes,
        report,
        addProblems,
        options: { createAreas: run.options.createAreas, overrideWarnings: run.options.overrideWarnings },
      };
      const planned = await definition.plan(context, table.rows());
      return { report, planned, definition };
    } finally {
      await table.close();
    }
  }

  private async record(id: string) {
    const record = await this.store.imports.findById(id);
    if (!record) throw new DomainError('not_found', 'no such import');
    return record;
  }

  private async electionFor(kind: ImportKind, electionId: string | undefined): Promise<string | null> {
    const { election } = importKindOf(kind);
    if (election === 'none') return null;
    if (election === 'optional' && !electionId) return null;
    if (!electionId) {
      throw new DomainError('validation_failed', `an import of ${kind} needs an election`, [
        { in: 'querystring', path: '/electionId', keyword: 'required' },
      ]);
    }
    if (!(await this.store.elections.findById(electionId))) throw new DomainError('not_found', 'no such election');
    return electionId;
  }
}

/** Each kind names the permission it needs: the wizard is shared, the data is not. */
function assertMayImport(actor: Actor, kind: ImportKind): void {
  if (!can(actor.user.role, importKindOf(kind).permission)) {
    throw new DomainError('forbidden', `your role may not import ${kind}`);
  }
}
