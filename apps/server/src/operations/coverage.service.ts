import { type CoverageQuery, type CoverageView, coveragePhases } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { type Actor, scopeOf } from '../auth/actor.ts';
import type { ElectionsService } from '../elections/elections.service.ts';
import { areaView, drillDown } from './area-drill-down.ts';

/**
 * Coverage of one shift: stations with an observer assigned, stations that sent each phase's
 * report, per area with drill-down; uncovered stations first. Counts in SQL, in the actor's scope.
 */
export class CoverageService {
  constructor(
    private readonly store: Store,
    private readonly elections: ElectionsService,
  ) {}

  async view(actor: Actor, electionId: string, query: CoverageQuery): Promise<CoverageView> {
    await this.elections.get(electionId);
    const scope = scopeOf(actor);
    const shift = query.shift ?? 'voting_day';
    const kinds = coveragePhases[shift];
    const { byId, area, path, start } = await drillDown(this.store, scope, query.areaId);
    const where = { electionId, scope, areaId: area?.id, shift, kinds };
    const repo = this.store.coverage;
    const [totals, byArea, stations] = await Promise.all([
      repo.totals(where),
      scope.kind === 'none' ? Promise.resolve([]) : repo.byArea(where, start),
      repo.stations(where, { filter: query.filter ?? 'all', limit: query.limit ?? 100, offset: query.offset ?? 0 }),
    ]);
    return {
      shift,
      phases: [...kinds],
      area: area ? areaView(area) : null,
      path,
      totals,
      areas: byArea
        .flatMap((r) => {
          const a = byId.get(r.areaId);
          return a ? [{ ...areaView(a), stations: r.stations, assigned: r.assigned, reported: r.reported }] : [];
        })
        // Least covered first (the share of stations without an observer), then by name.
        .sort(
          (x, y) =>
            (y.stations - y.assigned) / y.stations - (x.stations - x.assigned) / x.stations ||
            x.name.ru.localeCompare(y.name.ru, 'ru'),
        ),
      stations: {
        total: stations.total,
        items: stations.items.map((s) => ({ ...s, areaName: byId.get(s.areaId)?.name ?? null })),
      },
    };
  }
}
