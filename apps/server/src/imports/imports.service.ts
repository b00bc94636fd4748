import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
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
import type { BlobStore } from '../storage/blob-store.ts';
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

/** How long an uploaded file waits for its apply in the shared store before it is deleted. */
export const IMPORT_FILE_KEEP_MS = 24 * 3600_000;

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
    /**
     * Where uploads wait between preview and apply when several processes or hosts serve
     * (a shared store: BLOB_STORE=database or s3); the data folder keeps a working copy.
     */
    private readonly blobs?: BlobStore,
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
    const hash = createHash('sha256');
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        hash.update(chunk);
        if (size > maxBytes) {
          done(new DomainError('file_too_large', 'the file is larger than allowed', { limitBytes: maxBytes }));
        } else done(null, chunk);
      },
    });
    try {
      await pipeline(body, limit, createWriteStream(path));
      const sniff = await sniffTable(path, { maxBytes, sampleRows: 10 });
      const now = this.now();
      // Several processes or hosts: the apply may run on another one, which finds the file here.
      const fileSha256 = this.blobs?.shared ? await this.share(path, hash.digest('hex'), size) : undefined;
      await this.store.transaction(async (tx) => {
        await tx.imports.create({
          ...(fileSha256 ? { fileSha256 } : {}),
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
      // Any process that takes uploads also deletes the expired ones (one indexed-free read of a
      // small table; a failure must not refuse the upload).
      await this.sweepExpired().catch(() => undefined);
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
    const path = await this.localFile(record);
    return (await this.plan(id, { kind: record.kind, path, electionId: record.electionId, options })).report;
  }

  async apply(actor: Actor | null, id: string, options: ImportOptionsBody): Promise<ImportReport> {
    const record = await this.record(id);
    if (actor) assertMayImport(actor, record.kind);
    if (record.appliedAt) throw new DomainError('conflict', 'this import was applied already');
    const path = await this.localFile(record);
    const run: ImportRun = { kind: record.kind, path, electionId: record.electionId, options };
    const report = this.applyElsewhere
      ? await this.applyElsewhere({ now: this.now(), actor, run, recordId: id })
      : await this.applyRun(actor, run, id);
    await rm(path, { force: true });
    if (record.fileSha256) await this.release(id, record.fileSha256);
    return report;
  }

  /**
   * Deletes uploads kept in the shared store for longer than IMPORT_FILE_KEEP_MS (with this
   * process's working copies); their dry run and apply then answer not_found.
   */
  async sweepExpired(): Promise<number> {
    const expired = await this.store.imports.filesUploadedBefore(new Date(this.now().getTime() - IMPORT_FILE_KEEP_MS));
    for (const { id, fileSha256 } of expired) {
      await rm(this.fileOf(id), { force: true });
      await this.release(id, fileSha256);
    }
    return expired.length;
  }

  /** The upload on this host's disk: the working copy, or fetched from the shared store. */
  private async localFile(record: { id: string; fileSha256: string | null }): Promise<string> {
    const path = this.fileOf(record.id);
    const here = await stat(path).then(
      () => true,
      () => false,
    );
    if (here) return path;
    if (!record.fileSha256 || !this.blobs) {
      // Only the host that took the upload had it, or it expired.
      throw new DomainError('not_found', 'the uploaded file is no longer kept; upload it again');
    }
    await mkdir(join(this.dataDir, 'imports'), { recursive: true });
    const part = `${path}.${randomUUID()}.part`;
    try {
      await pipeline(this.blobs.read(record.fileSha256), createWriteStream(part, { mode: 0o600 }));
      await rename(part, path);
    } catch (error) {
      await rm(part, { force: true });
      if ((error as { code?: string }).code === 'ENOENT') {
        throw new DomainError('not_found', 'the uploaded file is no longer kept; upload it again');
      }
      throw error;
    }
    return path;
  }

  /** Copies an upload into the shared store (streamed). */
  private async share(path: string, sha256: string, size: number): Promise<string> {
    const blobs = this.blobs as BlobStore;
    if (!(await blobs.exists(sha256))) {
      const { done } = await blobs.write(sha256, 0, createReadStream(path), size);
      if (!done?.ok) throw new Error('import file changed while being stored');
    }
    return sha256;
  }

  /** This upload no longer needs its shared copy; the bytes go unless another upload keeps them. */
  private async release(id: string, sha256: string): Promise<void> {
    await this.store.imports.clearFile(id);
    if (!(await this.store.imports.fileKeptByOthers(sha256, id))) await this.blobs?.remove(sha256);
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
