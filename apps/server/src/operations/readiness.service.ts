import { randomUUID } from 'node:crypto';
import {
  type CreateReadinessVisitBody,
  DomainError,
  type FormDefinition,
  type ReadinessFinding,
  type ReadinessQuery,
  type ReadinessView,
  type ReadinessVisit,
} from '@pollwatch/core';
import type { AnswerCount, Store } from '@pollwatch/db';
import { type Actor, audit, scopeOf } from '../auth/actor.ts';
import { OutOfScopeError } from '../auth/out-of-scope.ts';
import type { ElectionsService } from '../elections/elections.service.ts';
import { outsideArea } from '../territory/outside-area.ts';
import { areaView, drillDown } from './area-drill-down.ts';
import { localDay } from './local-day.ts';

/** A checklist item the summary counts: yes/no and single-choice questions of the readiness form. */
interface ChecklistItem {
  questionId: string;
  label: FormDefinition['title'];
  type: 'yes_no' | 'single_choice';
  answers: { value: boolean | string; label: FormDefinition['title'] | null; problem: boolean }[];
}

/**
 * What is a finding: a "no" to a yes/no question (every readiness question is phrased so that
 * "yes" is what the law expects: open, staffed, accessible…), and the choice "no" of a choice
 * question (cameras: yes / no / not required). Other choices are counted and shown, not flagged.
 */
function checklistOf(definition: FormDefinition | undefined): ChecklistItem[] {
  if (!definition) return [];
  const items: ChecklistItem[] = [];
  for (const group of definition.groups) {
    if (group.repeatable) continue;
    for (const q of group.questions) {
      if (q.type === 'yes_no') {
        items.push({
          questionId: q.id,
          label: q.label,
          type: 'yes_no',
          answers: [
            { value: true, label: null, problem: false },
            { value: false, label: null, problem: true },
          ],
        });
      } else if (q.type === 'single_choice') {
        items.push({
          questionId: q.id,
          label: q.label,
          type: 'single_choice',
          answers: q.choices.map((c) => ({ value: c.value, label: c.label, problem: c.value === 'no' })),
        });
      }
    }
  }
  return items;
}

/**
 * Readiness monitoring: which stations observers visited during the monitoring period and what
 * they found, by area with drill-down; and the visits the HQ plans (observer × station × day).
 * Every count is SQL in the actor's scope; a regional coordinator plans in their area only.
 */
export class ReadinessService {
  constructor(
    private readonly store: Store,
    private readonly elections: ElectionsService,
    private readonly now: () => Date,
  ) {}

  /** The checklist of the election's readiness form (the standard one first), latest published version. */
  private async checklist(electionId: string): Promise<ChecklistItem[]> {
    const forms = (await this.store.forms.listByElection(electionId))
      .filter((f) => f.kind === 'readiness')
      .sort((a, b) => Number(b.isStandard) - Number(a.isStandard));
    const form = forms[0];
    if (!form) return [];
    const published = (await this.store.forms.versions(form.id))
      .filter((v) => v.status === 'published')
      .sort((a, b) => b.version - a.version)[0];
    return checklistOf(published?.definition as FormDefinition | undefined);
  }

  async view(actor: Actor, electionId: string, query: ReadinessQuery): Promise<ReadinessView> {
    const election = await this.elections.get(electionId);
    const scope = scopeOf(actor);
    const { byId, area, path, start } = await drillDown(this.store, scope, query.areaId);
    const items = await this.checklist(electionId);
    const answers: AnswerCount[] = items.flatMap((item) =>
      item.answers.map((a) => ({ questionId: item.questionId, value: a.value, problem: a.problem })),
    );
    const where = { electionId, scope, areaId: area?.id };
    const today = localDay(this.now(), election.timeZone).date;
    const repo = this.store.stationReadiness;
    // The stations with problems counted once, in all and per area; then the totals: the station
    // list's classes are sized by them.
    const problems = await repo.problemCounts(where, scope.kind === 'none' ? null : start, answers);
    const totals = await repo.totals(where, answers, problems.total);
    const [byArea, counts, stations, plans] = await Promise.all([
      scope.kind === 'none' ? Promise.resolve([]) : repo.byArea(where, start, answers, problems.byTop),
      repo.answerCounts(where, answers),
      repo.stations(
        where,
        answers,
        { filter: query.filter ?? 'all', limit: query.limit ?? 100, offset: query.offset ?? 0 },
        totals,
      ),
      repo.visitProgress(electionId, today, scope, area?.id),
    ]);

    let at = 0;
    const findings: ReadinessFinding[] = items.map((item) => {
      const counted = item.answers.map((a) => ({ ...a, stations: counts[at++] ?? 0 }));
      return {
        questionId: item.questionId,
        label: item.label,
        type: item.type,
        problem: counted.filter((a) => a.problem).reduce((sum, a) => sum + a.stations, 0),
        answers: counted,
      };
    });
    findings.sort((a, b) => b.problem - a.problem);

    return {
      period: { monitoringFrom: election.monitoringFrom, votingDate: election.votingDate, today },
      area: area ? areaView(area) : null,
      path,
      totals,
      areas: byArea
        .flatMap((r) => {
          const a = byId.get(r.areaId);
          return a ? [{ ...areaView(a), stations: r.stations, visited: r.visited, withProblems: r.withProblems }] : [];
        })
        .sort(
          (x, y) =>
            y.withProblems - x.withProblems ||
            y.stations - y.visited - (x.stations - x.visited) ||
            x.name.ru.localeCompare(y.name.ru, 'ru'),
        ),
      findings,
      plans,
      stations: {
        total: stations.total,
        items: stations.items.map((s) => ({
          id: s.id,
          number: s.number,
          address: s.address,
          areaId: s.areaId,
          areaName: byId.get(s.areaId)?.name ?? null,
          visited: s.latestReportId !== null,
          latestReportId: s.latestReportId,
          reports: s.reports,
          problems: s.problemAnswers.flatMap((i) => {
            const item = items.find((x) => x.questionId === answers[i]?.questionId);
            return item ? [{ questionId: item.questionId, label: item.label }] : [];
          }),
          nextVisit: s.nextVisit,
        })),
      },
    };
  }

  // ---- planned visits ----

  private async visitView(
    electionId: string,
    today: string,
    filter: Parameters<Store['stationReadiness']['listVisits']>[0],
  ) {
    const rows = await this.store.stationReadiness.listVisits({ ...filter, electionId });
    return rows.map(
      (r): ReadinessVisit => ({
        id: r.id,
        electionId: r.electionId,
        observerId: r.observerId,
        observerName: r.observerName,
        stationId: r.stationId,
        stationNumber: r.stationNumber,
        stationAddress: r.stationAddress,
        visitDate: r.visitDate,
        status: r.reportId ? 'done' : r.visitDate < today ? 'overdue' : 'planned',
        reportId: r.reportId,
        createdAt: r.createdAt.toISOString(),
      }),
    );
  }

  async listVisits(
    actor: Actor,
    electionId: string,
    filter: { stationId?: string | undefined; observerId?: string | undefined },
  ) {
    const election = await this.elections.get(electionId);
    const scope = scopeOf(actor);
    const today = localDay(this.now(), election.timeZone).date;
    const [items, progress] = await Promise.all([
      this.visitView(electionId, today, { electionId, scope, ...filter, limit: 1000 }),
      this.store.stationReadiness.visitProgress(electionId, today, scope),
    ]);
    return { items, progress };
  }

  async createVisit(actor: Actor, electionId: string, body: CreateReadinessVisitBody): Promise<ReadinessVisit> {
    const election = await this.elections.get(electionId);
    const now = this.now();
    const id = randomUUID();
    const scope = scopeOf(actor);
    if (body.visitDate < election.monitoringFrom || body.visitDate > election.votingDate) {
      throw new DomainError('validation_failed', 'the visit falls outside the monitoring period', [
        { in: 'body', path: '/visitDate', keyword: 'outside_period' },
      ]);
    }
    await this.store.transaction(async (tx) => {
      const station = await tx.stations.findById(body.stationId);
      if (!station || station.electionId !== electionId) {
        throw new DomainError('validation_failed', 'no such station in this election', [
          { in: 'body', path: '/stationId', keyword: 'not_found' },
        ]);
      }
      if (!(await tx.stations.findById(body.stationId, scope))) throw outsideArea('/stationId');
      const observer = await tx.users.findById(body.observerId);
      if (observer?.role !== 'observer' || observer.status !== 'active') {
        throw new DomainError('validation_failed', 'not an active observer', [
          { in: 'body', path: '/observerId', keyword: 'not_observer' },
        ]);
      }
      if (!(await tx.users.findById(body.observerId, scope))) throw outsideArea('/observerId');
      const created = await tx.stationReadiness.createVisit({ id, electionId, ...body, createdBy: actor.user.id }, now);
      if (!created) throw new DomainError('conflict', 'this observer is already planned at this station that day');
      await audit(
        tx,
        actor,
        {
          action: 'readiness_visit.planned',
          entityType: 'readiness_visit',
          entityId: id,
          details: { electionId, visitDate: body.visitDate },
        },
        now,
      );
    });
    const today = localDay(now, election.timeZone).date;
    const [visit] = await this.visitView(electionId, today, { electionId, scope, id, limit: 1 });
    if (!visit) throw new DomainError('not_found', 'no such visit');
    return visit;
  }

  async deleteVisit(actor: Actor, id: string): Promise<void> {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      if (!(await tx.stationReadiness.findVisit(id, scopeOf(actor)))) {
        if (await tx.stationReadiness.findVisit(id)) throw new OutOfScopeError('readiness_visit', id);
        throw new DomainError('not_found', 'no such visit');
      }
      if (!(await tx.stationReadiness.deleteVisit(id))) throw new DomainError('not_found', 'no such visit');
      await audit(tx, actor, { action: 'readiness_visit.deleted', entityType: 'readiness_visit', entityId: id }, now);
    });
  }
}
