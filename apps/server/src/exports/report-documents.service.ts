import { PassThrough, type Readable } from 'node:stream';
import {
  type AreaScope,
  type DocumentQuery,
  DomainError,
  flagsCell,
  flattenAnswers,
  type LocalizedText,
  localized,
  type Remark,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import {
  type ReportDocument,
  type ReportLocale,
  reportDocumentCsv,
  reportDocumentPdf,
  reportDocumentXlsx,
  reportTexts,
} from '@pollwatch/documents';
import { type Actor, audit, scopeOf } from '../auth/actor.ts';
import { OutOfScopeError } from '../auth/out-of-scope.ts';
import type { ReadinessService } from '../operations/readiness.service.ts';

export interface DocumentFile {
  name: string;
  format: 'pdf' | 'csv' | 'xlsx';
  body: Uint8Array | Readable;
}

const READINESS_PAGE = 500;

/**
 * The other reports of issue 18: a readiness report per area, the incident list and a station's
 * dossier, as PDF, CSV or XLSX. Each is made from live data for the actor's area (an area inside it
 * when named) and every download is audited, as it names observers and their findings.
 */
export class ReportDocumentsService {
  constructor(
    private readonly store: Store,
    private readonly readiness: ReadinessService,
    private readonly now: () => Date,
  ) {}

  private async scope(actor: Actor, areaId: string | undefined): Promise<AreaScope> {
    const own = scopeOf(actor);
    if (!areaId) return own;
    if (!(await this.store.areas.findById(areaId, own))) throw new OutOfScopeError('area', areaId);
    return { kind: 'area', areaId };
  }

  private async facts(electionId: string, locale: ReportLocale, areaId?: string) {
    const election = await this.store.elections.findById(electionId);
    if (!election) throw new DomainError('not_found', 'no such election');
    const t = reportTexts[locale];
    const area = areaId ? await this.store.areas.findById(areaId) : undefined;
    return [
      `${t.election}: ${localized(election.name, locale)}`,
      `${t.area}: ${area ? localized(area.name, locale) : t.wholeScope}`,
      `${t.made}: ${this.now().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    ];
  }

  private async render(doc: ReportDocument, format: DocumentQuery['format']): Promise<Uint8Array | Readable> {
    if (format === 'pdf') return reportDocumentPdf(doc);
    const out = new PassThrough();
    const write = format === 'csv' ? reportDocumentCsv(doc, out) : reportDocumentXlsx(doc, out);
    write.catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
    return out;
  }

  private async audited(actor: Actor, kind: string, details: Record<string, unknown>): Promise<void> {
    const now = this.now();
    await this.store.transaction((tx) =>
      audit(tx, actor, { action: 'export.downloaded', entityType: 'export', details: { kind, ...details } }, now),
    );
  }

  async incidents(actor: Actor, electionId: string, q: DocumentQuery): Promise<DocumentFile> {
    const locale = q.locale ?? 'ru';
    const t = reportTexts[locale];
    const scope = await this.scope(actor, q.areaId);
    const facts = await this.facts(electionId, locale, q.areaId);
    const stations = await this.stationLabels(electionId, scope);
    const rows = (await this.store.exports.incidents(electionId, scope)).map((r) => {
      const a = r.answers;
      const s = stations.get(r.stationId);
      const str = (v: unknown) =>
        v === undefined || v === null ? '' : typeof v === 'boolean' ? (v ? t.yes : t.no) : String(v);
      return [
        str(a.incident_time) || r.receivedAt.slice(11, 16),
        s?.region ?? '',
        s?.number ?? '',
        str(a.category),
        str(a.severity),
        str(a.description),
        str(a.complaint_filed),
        r.verification ?? '',
        r.reportId,
      ];
    });
    const doc: ReportDocument = {
      title: t.incidents.title,
      facts,
      sections: [{ title: t.incidents.section, columns: t.incidents.columns, rows, empty: t.incidents.empty }],
    };
    await this.audited(actor, 'incidents', {
      format: q.format,
      rows: rows.length,
      electionId,
      areaId: q.areaId ?? null,
    });
    return { name: 'incidents', format: q.format, body: await this.render(doc, q.format) };
  }

  async readinessReport(actor: Actor, electionId: string, q: DocumentQuery): Promise<DocumentFile> {
    const locale = q.locale ?? 'ru';
    const t = reportTexts[locale].readiness;
    const common = reportTexts[locale];
    await this.scope(actor, q.areaId);
    const facts = await this.facts(electionId, locale, q.areaId);
    const first = await this.readiness.view(actor, electionId, {
      ...(q.areaId && { areaId: q.areaId }),
      limit: READINESS_PAGE,
    });
    const stations = [...first.stations.items];
    while (stations.length < first.stations.total) {
      const next = await this.readiness.view(actor, electionId, {
        ...(q.areaId && { areaId: q.areaId }),
        limit: READINESS_PAGE,
        offset: stations.length,
      });
      if (next.stations.items.length === 0) break;
      stations.push(...next.stations.items);
    }
    const name = (text: LocalizedText | null) => (text ? localized(text, locale) : '');
    const doc: ReportDocument = {
      title: t.title,
      facts: [...facts, `${t.period}: ${first.period.monitoringFrom} — ${first.period.votingDate}`],
      sections: [
        {
          title: t.totals,
          columns: t.totalsColumns,
          rows: [[first.totals.stations, first.totals.visited, first.totals.withProblems]],
        },
        {
          title: t.findings,
          columns: t.findingsColumns,
          rows: first.findings.map((f) => [
            name(f.label),
            f.problem,
            f.answers.map((a) => `${a.label ? name(a.label) : String(a.value)}: ${a.stations}`).join('; '),
          ]),
          empty: common.none,
        },
        {
          title: t.areas,
          columns: t.areasColumns,
          rows: first.areas.map((a) => [name(a.name), a.stations, a.visited, a.withProblems]),
          empty: common.none,
        },
        {
          title: t.stations,
          columns: t.stationsColumns,
          rows: stations.map((s) => [
            s.number,
            s.address,
            name(s.areaName),
            s.visited ? common.yes : common.no,
            s.problems.map((p) => name(p.label)).join('; '),
          ]),
          empty: common.none,
        },
      ],
    };
    await this.audited(actor, 'readiness', {
      format: q.format,
      rows: stations.length,
      electionId,
      areaId: q.areaId ?? null,
    });
    return { name: 'readiness', format: q.format, body: await this.render(doc, q.format) };
  }

  /** Everything observed at one station: visits, reports with revisions, photos, remarks, result vs copy. */
  async dossier(actor: Actor, stationId: string, q: DocumentQuery): Promise<DocumentFile> {
    const locale = q.locale ?? 'ru';
    const t = reportTexts[locale].dossier;
    const scope = scopeOf(actor);
    const station = await this.store.stations.findById(stationId, scope.kind === 'all' ? undefined : scope);
    if (!station) throw new OutOfScopeError('station', stationId);
    const facts = await this.facts(station.electionId, locale, station.areaId);
    const revisions = await this.store.exports.stationRevisions(stationId);
    const visits = await this.store.exports.stationVisits(stationId);
    const results = await this.store.exports.stationResults(station.electionId, stationId);
    let remarks: Remark[] | null = null;
    try {
      remarks = (
        await this.store.remarks.list({ electionId: station.electionId, scope, stationId }, { limit: 500, offset: 0 })
      ).items;
    } catch {
      remarks = null;
    }
    const copy = results.copy ?? {};
    const lines = results.official ? Object.keys(results.official) : [];
    const numberOf = (v: unknown) => (typeof v === 'number' ? v : null);
    const doc: ReportDocument = {
      title: `${t.title} № ${station.number}`,
      facts: [
        ...facts,
        `${t.address}: ${station.address}`,
        ...(station.registeredVoters !== null ? [`${t.registered}: ${station.registeredVoters}`] : []),
      ],
      sections: [
        {
          title: t.visits,
          columns: t.visitsColumns,
          rows: visits.map((v) => [v.visitDate, v.observerName]),
          empty: t.empty,
        },
        {
          title: t.reports,
          columns: t.reportsColumns,
          widths: [14, 8, 5, 12, 6, 12, 43],
          rows: revisions.map((r) => [
            r.reportId,
            r.formKind,
            r.revision,
            r.receivedAt.slice(0, 16).replace('T', ' '),
            r.channel,
            flagsCell(r.flags),
            flattenAnswers(r.answers)
              .map(([k, v]) => `${k}: ${v}`)
              .join('\n'),
          ]),
          empty: t.empty,
        },
        {
          title: t.photos,
          columns: t.photosColumns,
          rows: revisions.flatMap((r) => r.photos.map((sha) => [r.reportId, r.revision, sha])),
          empty: t.empty,
        },
        remarks === null
          ? { title: t.remarks, columns: t.remarksColumns, rows: [], empty: t.remarksMissing }
          : {
              title: t.remarks,
              columns: t.remarksColumns,
              rows: remarks.map((m) => [
                m.number,
                m.commissionName ?? m.commissionLevel,
                m.title,
                m.status,
                m.answer ?? '',
              ]),
              empty: t.empty,
            },
        {
          title: t.results,
          columns: t.resultsColumns,
          rows: lines.map((line) => {
            const official = results.official?.[line] ?? null;
            const observed = numberOf(copy[line]);
            return [line, official, observed, official !== null && observed !== null ? observed - official : null];
          }),
          empty: t.noResults,
        },
      ],
    };
    await this.audited(actor, 'dossier', { format: q.format, rows: revisions.length, stationId });
    return { name: `dossier-${station.number}`, format: q.format, body: await this.render(doc, q.format) };
  }

  private async stationLabels(electionId: string, scope: AreaScope) {
    const areas = new Map((await this.store.areas.list()).map((a) => [a.id, a]));
    const out = new Map<string, { region: string; number: number }>();
    for (const s of await this.store.stations.listAll(electionId, scope)) {
      const r = areas.get(s.regionId);
      out.set(s.id, { region: r ? (r.code ?? r.name.ru) : '', number: s.number });
    }
    return out;
  }
}
