import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { type CreateExportBody, DomainError, type ExportJob, exportFormatFits } from '@pollwatch/core';
import type { Store, StoredExportJob } from '@pollwatch/db';
import { type Actor, audit, scopeOf } from '../auth/actor.ts';
import { OutOfScopeError } from '../auth/out-of-scope.ts';
import type { ExportRunner } from './export-runner.ts';

const RECENT = 20;

function publicJob(job: StoredExportJob): ExportJob {
  const { requestedBy: _by, attempts: _attempts, runner: _runner, fileSha256: _file, ...rest } = job;
  return rest;
}

/**
 * Exports of observers' reports and photos as background jobs (issue 18). A job is the requester's
 * own: only they see it, cancel it and download its file. Its area is fixed when it is requested —
 * a regional coordinator's own area unless they name one inside it — and checked again at download.
 */
export class ExportsService {
  constructor(
    private readonly store: Store,
    private readonly runner: ExportRunner,
    private readonly now: () => Date,
  ) {}

  async request(actor: Actor, electionId: string, body: CreateExportBody): Promise<ExportJob> {
    if (!(await this.store.elections.findById(electionId))) throw new DomainError('not_found', 'no such election');
    if (!exportFormatFits(body.kind, body.format)) {
      throw new DomainError('validation_failed', 'format does not fit the kind of export', {
        field: 'format',
        kind: body.kind,
      });
    }
    const scope = scopeOf(actor);
    if (scope.kind === 'none') throw new DomainError('forbidden', 'no area to export');
    const areaId: string | null = body.areaId ?? (scope.kind === 'area' ? scope.areaId : null);
    if (body.areaId && !(await this.store.areas.findById(body.areaId, scope))) {
      throw new OutOfScopeError('area', body.areaId);
    }
    if (body.formId) {
      const form = await this.store.forms.findById(body.formId);
      if (!form || form.electionId !== electionId) throw new DomainError('not_found', 'no such form');
    }
    const now = this.now();
    const job = await this.store.transaction(async (tx) => {
      const created = await tx.exports.create(
        {
          id: randomUUID(),
          electionId,
          kind: body.kind,
          format: body.format,
          shape: body.kind === 'reports' ? (body.shape ?? 'wide') : null,
          areaId,
          formId: body.kind === 'reports' ? (body.formId ?? null) : null,
          requestedBy: actor.user.id,
        },
        now,
      );
      await audit(
        tx,
        actor,
        {
          action: 'export.requested',
          entityType: 'export',
          entityId: created.id,
          details: { kind: created.kind, format: created.format, shape: created.shape, electionId, areaId },
        },
        now,
      );
      return created;
    });
    this.runner.queued();
    return publicJob(job);
  }

  async list(actor: Actor): Promise<ExportJob[]> {
    return (await this.store.exports.listFor(actor.user.id, RECENT)).map(publicJob);
  }

  private async own(actor: Actor, id: string): Promise<StoredExportJob> {
    const job = await this.store.exports.find(id);
    if (!job || job.requestedBy !== actor.user.id) throw new DomainError('not_found', 'no such export');
    return job;
  }

  async get(actor: Actor, id: string): Promise<ExportJob> {
    return publicJob(await this.own(actor, id));
  }

  /** Stops a queued or running export; whatever was written of it is deleted. */
  async cancel(actor: Actor, id: string): Promise<ExportJob> {
    const job = await this.own(actor, id);
    const now = this.now();
    await this.store.transaction(async (tx) => {
      if (!(await tx.exports.cancel(id, now))) throw new DomainError('conflict', 'the export has already ended');
      await audit(
        tx,
        actor,
        { action: 'export.cancelled', entityType: 'export', entityId: id, details: { kind: job.kind } },
        now,
      );
    });
    this.runner.cancel(id);
    return publicJob((await this.store.exports.find(id)) as StoredExportJob);
  }

  /** The finished file. It holds observers' reports: every download is in the audit log. */
  async download(actor: Actor, id: string): Promise<{ job: ExportJob; stream: Readable }> {
    const job = await this.own(actor, id);
    if (job.status !== 'done') throw new DomainError('conflict', 'the export is not ready', { status: job.status });
    const scope = scopeOf(actor);
    if (scope.kind !== 'all' && (!job.areaId || !(await this.store.areas.findById(job.areaId, scope)))) {
      throw new OutOfScopeError('export', id);
    }
    const stream = this.runner.open(job);
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', () => reject(new DomainError('not_found', 'the export file is gone')));
    });
    const now = this.now();
    await this.store.transaction((tx) =>
      audit(
        tx,
        actor,
        {
          action: 'export.downloaded',
          entityType: 'export',
          entityId: id,
          details: {
            kind: job.kind === 'photos' ? 'photos' : 'reports',
            format: job.format,
            rows: job.rowsDone,
            electionId: job.electionId,
            areaId: job.areaId,
          },
        },
        now,
      ),
    );
    return { job: publicJob(job), stream };
  }
}
