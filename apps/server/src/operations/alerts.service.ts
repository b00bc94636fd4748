import {
  type AlertDto,
  type AlertKind,
  type AlertsDto,
  type AreaScope,
  alertKinds,
  criticalIncidentSeverity,
  type DueExpectations,
  dueExpectations,
  type Election,
  expectedShifts,
  SILENT_AFTER_MINUTES,
  silentBefore,
} from '@pollwatch/core';
import { type AlertStation, type Counted, type ScheduleGroup, type Store, scheduleKey } from '@pollwatch/db';
import { type Actor, scopeOf } from '../auth/actor.ts';
import type { ElectionsService } from '../elections/elections.service.ts';

type MissingKind = 'opening_missing' | 'turnout_missing' | 'protocol_missing';
/** Counts a kind's alerts and lists its items (each shaped into an alert). */
type AddAlerts = <T extends AlertStation>(
  kind: AlertKind,
  result: Counted<T>,
  shape: (item: T) => Pick<AlertDto, 'checkpoint' | 'reportId' | 'observer' | 'since'>,
) => void;

export const DEFAULT_ALERTS_LIMIT = 50;

/**
 * Alerts (issue 17): what needs a coordinator now, computed at request time, no background job.
 * Core decides what each station's schedule makes due (its own zone and hours, else the
 * election's); the database counts the stations of each schedule that lack the report, the open
 * critical incidents and the silent phones, in the actor's area. Stations with nobody assigned for
 * the shift raise no missing-report alert: they cannot send anything, the coverage page lists them.
 */
export class AlertsService {
  constructor(
    private readonly store: Store,
    private readonly elections: ElectionsService,
    private readonly now: () => Date,
  ) {}

  /**
   * The number of open alerts, for the overview (no lists fetched): the missing reports from the
   * kept per-area counts in one read, then the incidents and the silent phones.
   */
  async openCount(actor: Actor, election: Election | string): Promise<number> {
    const e = typeof election === 'string' ? await this.elections.get(election) : election;
    const now = this.now();
    const scope = scopeOf(actor);
    const repo = this.store.alerts;
    const [groups, kept] = await Promise.all([
      repo.scheduleGroups(e.id),
      repo.keptMissingCounts(e.id, scope, expectedShifts),
    ]);
    if (!kept) return (await this.compute(actor, e, 0)).open;
    let missing = 0;
    const silentGroups: ScheduleGroup[] = [];
    for (const group of groups) {
      const due = this.due(e, group, now);
      const of = (mark: string) => kept.get(`${mark}|${scheduleKey(group)}`) ?? 0;
      if (due.opening) missing += of('opening');
      for (const c of due.checkpoints) missing += of(`turnout:${c.checkpoint}`);
      if (due.protocol) missing += of('protocol');
      if (silentBefore(due, now)) silentGroups.push(group);
    }
    const cutoff = new Date(now.getTime() - SILENT_AFTER_MINUTES * 60_000);
    const [incidents, silent] = await Promise.all([
      repo.openIncidents(e.id, scope, criticalIncidentSeverity, 0),
      repo.silentObservers(
        e.id,
        scope,
        {
          groups: silentGroups.length === groups.length && groups.length > 0 ? 'all' : silentGroups,
          shifts: expectedShifts.silent,
          before: cutoff,
        },
        0,
      ),
    ]);
    return missing + incidents.count + silent.count;
  }

  /** What a schedule group of the election makes due at `now` (core's rule). */
  private due(election: Election, group: ScheduleGroup, now: Date): DueExpectations {
    return dueExpectations(
      {
        votingDate: election.votingDate,
        timeZone: group.timeZone ?? election.timeZone,
        pollsOpen: group.pollsOpen ?? election.pollsOpen,
        pollsClose: group.pollsClose ?? election.pollsClose,
        checkpoints: election.turnoutCheckpoints,
      },
      now,
    );
  }

  async alerts(actor: Actor, electionId: string, limit = DEFAULT_ALERTS_LIMIT): Promise<AlertsDto> {
    return this.compute(actor, await this.elections.get(electionId), limit);
  }

  /**
   * The missing reports from the kept marks: the counts of every due mark from the per-area counts
   * read once, and one list per kind (opening, turnout, protocol) over every schedule's due marks.
   * Returns the pending reads; each adds its alerts when it lands.
   */
  private keptMissing(
    electionId: string,
    scope: AreaScope,
    groups: { group: ScheduleGroup; due: DueExpectations }[],
    kept: Map<string, number>,
    limit: number,
    add: AddAlerts,
  ): Promise<void>[] {
    const tasks: Promise<void>[] = [];
    const kinds: [MissingKind, (due: DueExpectations) => { mark: string; since: Date; checkpoint: string | null }[]][] =
      [
        ['opening_missing', (due) => (due.opening ? [{ mark: 'opening', since: due.opening, checkpoint: null }] : [])],
        [
          'turnout_missing',
          (due) =>
            due.checkpoints.map((c) => ({ mark: `turnout:${c.checkpoint}`, since: c.dueAt, checkpoint: c.checkpoint })),
        ],
        [
          'protocol_missing',
          (due) => (due.protocol ? [{ mark: 'protocol', since: due.protocol, checkpoint: null }] : []),
        ],
      ];
    for (const [kind, marksOf] of kinds) {
      const info = new Map<string, { since: Date; checkpoint: string | null }>();
      const wanted: { schedule: string | null; marks: string[] }[] = [];
      let count = 0;
      for (const { group, due } of groups) {
        const schedule = scheduleKey(group);
        const marks = marksOf(due);
        for (const m of marks) {
          info.set(`${schedule}#${m.mark}`, m);
          count += kept.get(`${m.mark}|${schedule}`) ?? 0;
        }
        // One schedule (the usual case: every station keeps the election's hours) needs no filter by it.
        wanted.push({ schedule: groups.length === 1 ? null : schedule, marks: marks.map((m) => m.mark) });
      }
      if (count === 0) continue;
      tasks.push(
        this.store.alerts.keptMissingStations(electionId, scope, wanted, count, limit).then((items) =>
          add(kind, { count, items }, (item) => {
            const m = info.get(`${item.schedule}#${item.mark}`);
            return {
              checkpoint: m?.checkpoint ?? null,
              reportId: null,
              observer: null,
              since: m ? m.since.toISOString() : null,
            };
          }),
        ),
      );
    }
    return tasks;
  }

  /** The missing reports counted from the reports themselves, one read per schedule and mark (pending reads). */
  private missingFromScratch(
    electionId: string,
    scope: AreaScope,
    groups: { group: ScheduleGroup; due: DueExpectations }[],
    limit: number,
    add: AddAlerts,
  ): Promise<void>[] {
    const tasks: Promise<void>[] = [];
    const repo = this.store.alerts;
    // One schedule (the usual case: every station keeps the election's hours) needs no filter by it.
    const which = (group: ScheduleGroup): ScheduleGroup[] | 'all' => (groups.length === 1 ? 'all' : [group]);
    const missing = (
      kind: 'opening_missing' | 'protocol_missing',
      dueOf: (due: DueExpectations) => Date | null,
      formKind: 'opening' | 'protocol',
      shifts: readonly string[],
    ) => {
      for (const { group, due } of groups) {
        const since = dueOf(due);
        if (!since) continue;
        tasks.push(
          repo.missingReports(electionId, scope, { groups: which(group), shifts, formKind }, limit).then((result) =>
            add(kind, result, () => ({
              checkpoint: null,
              reportId: null,
              observer: null,
              since: since.toISOString(),
            })),
          ),
        );
      }
    };

    missing('opening_missing', (d) => d.opening, 'opening', expectedShifts.opening);
    for (const { group, due } of groups) {
      for (const c of due.checkpoints) {
        const result = repo.missingReports(
          electionId,
          scope,
          {
            groups: which(group),
            shifts: expectedShifts.turnout,
            formKind: 'turnout',
            checkpoint: { from: c.checkpoint, until: c.until },
          },
          limit,
        );
        tasks.push(
          result.then((r) =>
            add('turnout_missing', r, () => ({
              checkpoint: c.checkpoint,
              reportId: null,
              observer: null,
              since: c.dueAt.toISOString(),
            })),
          ),
        );
      }
    }
    missing('protocol_missing', (d) => d.protocol, 'protocol', expectedShifts.protocol);
    return tasks;
  }

  private async compute(actor: Actor, election: Election, limit: number): Promise<AlertsDto> {
    const now = this.now();
    const scope = scopeOf(actor);
    const repo = this.store.alerts;
    const [scheduleGroups, kept] = await Promise.all([
      repo.scheduleGroups(election.id),
      repo.keptMissingCounts(election.id, scope, expectedShifts),
    ]);
    const groups = scheduleGroups.map((group) => ({ group, due: this.due(election, group, now) }));
    const items: AlertDto[] = [];
    const counts = Object.fromEntries(alertKinds.map((k) => [k, 0])) as Record<AlertKind, number>;
    const add: AddAlerts = (kind, result, shape) => {
      counts[kind] += result.count;
      for (const item of result.items) {
        items.push({
          kind,
          stationId: item.stationId,
          stationNumber: item.stationNumber,
          stationAddress: item.stationAddress,
          ...shape(item),
        });
      }
    };
    // The queries are independent: on PostgreSQL they run side by side on the pool.
    const tasks = kept
      ? this.keptMissing(election.id, scope, groups, kept, limit, add)
      : this.missingFromScratch(election.id, scope, groups, limit, add);

    tasks.push(
      repo.openIncidents(election.id, scope, criticalIncidentSeverity, limit).then((r) =>
        add('critical_incident', r, (i) => ({
          checkpoint: null,
          reportId: i.reportId,
          observer: null,
          since: i.at.toISOString(),
        })),
      ),
    );

    const silentGroups: ScheduleGroup[] = groups.filter(({ due }) => silentBefore(due, now)).map((g) => g.group);
    // The same moment for every schedule whose polls are open (an hour ago, see core).
    const cutoff = new Date(now.getTime() - SILENT_AFTER_MINUTES * 60_000);
    const silent = repo.silentObservers(
      election.id,
      scope,
      {
        groups: silentGroups.length === groups.length && groups.length > 0 ? 'all' : silentGroups,
        shifts: expectedShifts.silent,
        before: cutoff,
      },
      limit,
    );
    tasks.push(
      silent.then((r) =>
        add('observer_silent', r, (o) => ({
          checkpoint: null,
          reportId: null,
          observer: { id: o.observerId, name: o.observerName },
          since: o.lastHeard ? o.lastHeard.toISOString() : null,
        })),
      ),
    );
    await Promise.all(tasks);

    // Each kind's list is already cut to `limit`; with several schedules, keep the first of each.
    items.sort(
      (a, b) =>
        alertKinds.indexOf(a.kind) - alertKinds.indexOf(b.kind) ||
        a.stationNumber - b.stationNumber ||
        (a.checkpoint ?? '').localeCompare(b.checkpoint ?? '') ||
        a.stationId.localeCompare(b.stationId),
    );
    const shown: AlertDto[] = [];
    const perKind = new Map<AlertKind, number>();
    for (const item of items) {
      const n = perKind.get(item.kind) ?? 0;
      if (n >= limit) continue;
      perKind.set(item.kind, n + 1);
      shown.push(item);
    }
    return {
      open: Object.values(counts).reduce((a, b) => a + b, 0),
      counts,
      items: shown,
      at: now.toISOString(),
    };
  }
}
