import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import {
  type AreaImportValue,
  AreaIndex,
  type AssignmentImportValue,
  applicantImportFields,
  areaImportFields,
  assignmentImportFields,
  buildProtocolTemplate,
  type ColumnMapping,
  type CreateImportQuery,
  can,
  canonicalJson,
  cellReader,
  changedStationFields,
  DomainError,
  type ImportKind,
  type ImportOptionsBody,
  type ImportPreview,
  type ImportReport,
  type ImportRowProblem,
  type LabelledImportField,
  type MappingProblem,
  nameKey,
  type OfficialTurnoutValue,
  type Permission,
  parseAreaRow,
  parseResultsRow,
  parseStationRow,
  planAreaImport,
  protocolTemplates,
  resolveMapping,
  resultsImportFields,
  stationImportFields,
  suggestMapping,
  suggestResultsMapping,
} from '@pollwatch/core';
import type { StationData, Store } from '@pollwatch/db';
import { DEFAULT_MAX_BYTES, openTable, sniffTable } from '@pollwatch/documents';
import { type Actor, audit } from '../auth/actor.ts';
import { type ApplicantUpsert, applyApplicants, planApplicants } from '../recruitment/applicant-import.ts';
import { applyAssignments, planAssignments } from '../reports/assignment-files.ts';
import { officialTotalsFields, planAreaResults, planOfficialTurnout } from './official-totals-plan.ts';
import { changedLines, REPORT_LIMIT, type RowTally, tallyRow } from './row-tally.ts';

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

type Plan =
  | { kind: 'stations'; report: ImportReport; upserts: { id: string; data: StationData }[] }
  | { kind: 'areas'; report: ImportReport; areas: ReturnType<typeof planAreaImport>['planned'] }
  | { kind: 'results'; report: ImportReport; results: { stationId: string; lines: Record<string, number> }[] }
  | { kind: 'area_results'; report: ImportReport; totals: { areaId: string; lines: Record<string, number> }[] }
  | { kind: 'official_turnout'; report: ImportReport; turnout: OfficialTurnoutValue[] }
  | { kind: 'applicants'; report: ImportReport; upserts: ApplicantUpsert[] }
  | { kind: 'assignments'; report: ImportReport; added: AssignmentImportValue[] };

/**
 * Imports of areas and stations from CSV/XLSX: upload → preview → dry run → apply. The dry run and
 * the apply read the file the same way; apply writes everything in one transaction or nothing.
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
      const { fields, suggest } = await this.fieldsFor(query.kind, electionId);
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
      if (plan.kind === 'stations') {
        await tx.stations.upsertMany(run.electionId as string, plan.upserts, now);
      } else if (plan.kind === 'results') {
        await tx.results.upsertMany(run.electionId as string, plan.results, now);
      } else if (plan.kind === 'area_results') {
        await tx.results.upsertAreaTotals(run.electionId as string, plan.totals, now);
      } else if (plan.kind === 'official_turnout') {
        await tx.results.upsertTurnout(run.electionId as string, plan.turnout, now);
      } else if (plan.kind === 'applicants') {
        await applyApplicants(tx, plan.upserts, run.electionId, now);
      } else if (plan.kind === 'assignments') {
        await applyAssignments(tx, run.electionId as string, plan.added, actor?.user.id ?? null, now);
      } else {
        await applyAreas(tx, plan.areas, now);
      }
      if (recordId) await tx.imports.markApplied(recordId, report, now);
      await audit(
        tx,
        actor,
        {
          action: 'import.applied',
          entityType: 'import',
          entityId: id,
          details: { kind: run.kind, added: report.added, changed: report.changed, unchanged: report.unchanged },
        },
        now,
      );
    });
    return report;
  }

  private async plan(id: string, run: ImportRun): Promise<Plan> {
    const report = emptyReport(id, run.kind);
    const table = await openTable(run.path, {
      encoding: run.options.encoding ?? 'auto',
      separator: run.options.separator ?? 'auto',
      maxBytes: this.maxBytes,
    });
    try {
      report.encoding = table.encoding ?? null;
      report.separator = table.separator ?? null;
      const { fields, suggest } = await this.fieldsFor(run.kind, run.electionId);
      const mapping = run.options.mapping ?? suggest(table.headers);
      const { indexes, problems } = resolveMapping(fields, table.headers, mapping);
      const mappingProblems: MappingProblem[] = [...problems];
      if (run.kind === 'stations' && indexes.area === undefined && indexes.region === undefined) {
        mappingProblems.push({ code: 'required_column', field: 'area' });
      }
      report.mappingProblems = mappingProblems;
      if (mappingProblems.length)
        return run.kind === 'stations'
          ? { kind: 'stations', report, upserts: [] }
          : { kind: 'areas', report, areas: [] };

      const addProblems = (list: readonly ImportRowProblem[]) => {
        for (const p of list) if (report.problems.length < REPORT_LIMIT) report.problems.push(p);
      };
      if (run.kind === 'stations') {
        const upserts = await this.planStations(run.electionId as string, table.rows(), indexes, report, addProblems);
        return { kind: 'stations', report, upserts };
      }
      if (run.kind === 'applicants') {
        const upserts = await planApplicants(this.store, table.rows(), indexes, report, addProblems);
        return { kind: 'applicants', report, upserts };
      }
      if (run.kind === 'assignments') {
        const added = await planAssignments(
          this.store,
          run.electionId as string,
          table.rows(),
          indexes,
          report,
          addProblems,
        );
        return { kind: 'assignments', report, added };
      }
      if (run.kind === 'area_results' || run.kind === 'official_turnout') {
        const election = await this.store.elections.findById(run.electionId as string);
        if (!election) throw new DomainError('not_found', 'no such election');
        if (run.kind === 'official_turnout') {
          const turnout = await planOfficialTurnout(this.store, election, table.rows(), indexes, report, addProblems);
          return { kind: 'official_turnout', report, turnout };
        }
        const lineKeys = fields.filter((f) => f.key !== 'area').map((f) => f.key);
        const totals = await planAreaResults(
          this.store,
          election,
          table.rows(),
          indexes,
          lineKeys,
          report,
          addProblems,
        );
        return { kind: 'area_results', report, totals };
      }
      if (run.kind === 'results') {
        const lineKeys = fields.filter((f) => !['region', 'area', 'number'].includes(f.key)).map((f) => f.key);
        const results = await this.planResults(
          run.electionId as string,
          table.rows(),
          indexes,
          lineKeys,
          report,
          addProblems,
        );
        return { kind: 'results', report, results };
      }
      const rows: AreaImportValue[] = [];
      for await (const row of table.rows()) {
        report.rows += 1;
        const parsed = parseAreaRow(row.line, cellReader(row.cells, indexes));
        if (parsed.value) rows.push(parsed.value);
        else addProblems(parsed.problems);
      }
      const planned = planAreaImport(rows, await this.store.areas.list());
      addProblems(planned.problems);
      report.problems.sort((a, b) => a.line - b.line);
      report.rejected = new Set([...planned.problems.map((p) => p.line), ...report.problems.map((p) => p.line)]).size;
      const stored = new Map((await this.store.areas.list()).map((a) => [a.id, a]));
      for (const p of planned.planned) {
        if (p.change === 'added') report.added += 1;
        else if (p.change === 'unchanged') report.unchanged += 1;
        else {
          report.changed += 1;
          const before = p.existingId ? stored.get(p.existingId) : undefined;
          if (report.changes.length < REPORT_LIMIT) {
            report.changes.push({
              line: p.line,
              key: p.code,
              fields: before
                ? [
                    ...(before.level !== p.level ? ['level'] : []),
                    ...(canonicalJson(before.name) !== canonicalJson(p.name) ? ['name'] : []),
                    ...(canonicalJson(before.commission) !== canonicalJson(p.commission) ? ['commission'] : []),
                    ...(before.parentId !== (p.parent && 'id' in p.parent ? p.parent.id : before.parentId) ||
                    (p.parent && 'code' in p.parent)
                      ? ['parent']
                      : []),
                  ]
                : [],
            });
          }
        }
      }
      return { kind: 'areas', report, areas: planned.planned };
    } finally {
      await table.close();
    }
  }

  /** The columns of a kind of import; results files follow the election's protocol template. */
  private async fieldsFor(kind: ImportKind, electionId: string | null) {
    if (kind === 'results' || kind === 'area_results' || kind === 'official_turnout') {
      const election = electionId ? await this.store.elections.findById(electionId) : undefined;
      if (!election) throw new DomainError('not_found', 'no such election');
      const template = buildProtocolTemplate(protocolTemplates[election.protocolTemplate], election.ballotOptions);
      if (kind !== 'results') return officialTotalsFields(kind, template);
      const fields: LabelledImportField[] = resultsImportFields(template);
      return { fields, suggest: (headers: readonly string[]) => suggestResultsMapping(template, headers) };
    }
    const fields: LabelledImportField[] =
      kind === 'stations'
        ? [...stationImportFields]
        : kind === 'applicants'
          ? [...applicantImportFields]
          : kind === 'assignments'
            ? [...assignmentImportFields]
            : [...areaImportFields];
    return { fields, suggest: (headers: readonly string[]) => suggestMapping(fields, headers) };
  }

  private async planResults(
    electionId: string,
    rows: AsyncIterable<{ line: number; cells: string[] }>,
    indexes: Record<string, number>,
    lineKeys: readonly string[],
    report: ImportReport,
    addProblems: (list: readonly ImportRowProblem[]) => void,
  ) {
    const areas = new AreaIndex(await this.store.areas.list());
    // Read a page at a time: 100,000 stations in one query would hold the event loop for a second.
    const stations = await this.store.results.stationIdsByKey(electionId);
    const stored = await this.store.results.stored(electionId);
    const mapped = new Set(Object.keys(indexes));
    const tally: RowTally = { report, addProblems, seen: new Map() };
    const results: { stationId: string; lines: Record<string, number> }[] = [];
    for await (const row of rows) {
      report.rows += 1;
      // Parsed rows arrive from buffered chunks without a pause: let other requests run now and then.
      if (report.rows % 1000 === 0) await yieldToLoop();
      const parsed = parseResultsRow(
        row.line,
        cellReader(row.cells, indexes),
        lineKeys,
        mapped,
        areas,
        (regionId, number) => stations.get(`${regionId}:${number}`),
      );
      const value = tallyRow(tally, row.line, parsed, {
        key: (v) => v.stationId,
        keyField: 'number',
        changedFields: (v) => changedLines(stored.get(v.stationId), v.lines),
        changeKey: () => row.cells[indexes.number ?? -1] ?? '',
      });
      if (value) results.push(value);
    }
    return results;
  }

  private async planStations(
    electionId: string,
    rows: AsyncIterable<{ line: number; cells: string[] }>,
    indexes: Record<string, number>,
    report: ImportReport,
    addProblems: (list: readonly ImportRowProblem[]) => void,
  ) {
    const areas = new AreaIndex(await this.store.areas.list());
    const existing = new Map(
      (await this.store.stations.listAll(electionId)).map((s) => [`${s.regionId}:${s.number}`, s]),
    );
    const seen = new Map<string, number>();
    const upserts: { id: string; data: StationData }[] = [];
    for await (const row of rows) {
      report.rows += 1;
      const parsed = parseStationRow(row.line, cellReader(row.cells, indexes), areas);
      if (!parsed.value) {
        report.rejected += 1;
        addProblems(parsed.problems);
        continue;
      }
      const key = `${parsed.value.regionId}:${parsed.value.number}`;
      const firstLine = seen.get(key);
      if (firstLine !== undefined) {
        report.rejected += 1;
        addProblems([{ line: row.line, field: 'number', code: 'duplicate_in_file', params: { firstLine } }]);
        continue;
      }
      seen.set(key, row.line);
      const stored = existing.get(key);
      if (!stored) {
        report.added += 1;
        upserts.push({ id: randomUUID(), data: { ...parsed.value, isDemo: false } });
        continue;
      }
      const changed = changedStationFields(stored, parsed.value);
      if (changed.length === 0) {
        report.unchanged += 1;
        continue;
      }
      report.changed += 1;
      if (report.changes.length < REPORT_LIMIT)
        report.changes.push({ line: row.line, key: String(parsed.value.number), fields: changed });
      upserts.push({ id: stored.id, data: { ...parsed.value, isDemo: stored.isDemo } });
    }
    return upserts;
  }

  private async record(id: string) {
    const record = await this.store.imports.findById(id);
    if (!record) throw new DomainError('not_found', 'no such import');
    return record;
  }

  private async electionFor(kind: ImportKind, electionId: string | undefined): Promise<string | null> {
    if (kind === 'areas') return null;
    // Applicants may belong to an election (the one recruited for), or to none.
    if (kind === 'applicants' && !electionId) return null;
    if (!electionId) {
      throw new DomainError('validation_failed', 'stations, results and assignments need an election', [
        { in: 'querystring', path: '/electionId', keyword: 'required' },
      ]);
    }
    if (!(await this.store.elections.findById(electionId))) throw new DomainError('not_found', 'no such election');
    return electionId;
  }
}

/** Which permission each kind of import needs: the wizard is shared, the data is not. */
const permissionForKind: Record<ImportKind, Permission> = {
  stations: 'stations.manage',
  areas: 'stations.manage',
  results: 'results.manage',
  area_results: 'results.manage',
  official_turnout: 'results.manage',
  applicants: 'applicants.manage',
  assignments: 'assignments.manage',
};

function assertMayImport(actor: Actor, kind: ImportKind): void {
  if (!can(actor.user.role, permissionForKind[kind])) {
    throw new DomainError('forbidden', `your role may not import ${kind}`);
  }
}

/** Writes planned areas parents-first, then re-homes stations whose numbering region moved. */
async function applyAreas(tx: Store, planned: ReturnType<typeof planAreaImport>['planned'], now: Date): Promise<void> {
  const idByCode = new Map((await tx.areas.list()).filter((a) => a.code).map((a) => [nameKey(a.code as string), a.id]));
  let moved = false;
  for (const p of planned) {
    if (p.change === 'unchanged') continue;
    const parentId =
      p.parent === null ? null : 'id' in p.parent ? p.parent.id : (idByCode.get(nameKey(p.parent.code)) ?? null);
    const data = { parentId, level: p.level, code: p.code, name: p.name, commission: p.commission };
    if (p.existingId) {
      await tx.areas.update(p.existingId, data, now);
      moved = true;
    } else {
      const id = randomUUID();
      await tx.areas.create(id, { ...data, isDemo: false }, now);
      idByCode.set(nameKey(p.code), id);
    }
  }
  if (!moved) return;
  const index = new AreaIndex(await tx.areas.list());
  for (const election of await tx.elections.list()) {
    for (const s of await tx.stations.listAll(election.id)) {
      const regionId = index.regionOf(s.areaId);
      if (regionId !== s.regionId) await tx.stations.update(s.id, { ...s, regionId }, now);
    }
  }
}
