import { randomUUID } from 'node:crypto';
import {
  type Area,
  AreaIndex,
  type CreateAreaBody,
  DomainError,
  isSelfOrDescendant,
  subtreeIds,
  type UpdateAreaBody,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { type Actor, audit } from '../auth/actor.ts';

export type AreaWithCounts = Area & { stationCount: number; registeredVoters: number };

export class AreasService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  /** The whole tree, each area with the stations and voters of its subtree in `electionId`. */
  async list(electionId: string | undefined): Promise<AreaWithCounts[]> {
    const areas = await this.store.areas.list();
    const own = new Map<string, { stations: number; voters: number }>();
    if (electionId) {
      for (const c of await this.store.stations.countsByArea(electionId)) {
        own.set(c.areaId, { stations: c.stations, voters: c.voters });
      }
    }
    const totals = new Map(areas.map((a) => [a.id, { stations: 0, voters: 0 }]));
    const byId = new Map(areas.map((a) => [a.id, a]));
    // Add each area's own counts to it and to every ancestor.
    for (const [areaId, c] of own) {
      const seen = new Set<string>();
      let current = byId.get(areaId);
      while (current && !seen.has(current.id)) {
        seen.add(current.id);
        const t = totals.get(current.id);
        if (t) {
          t.stations += c.stations;
          t.voters += c.voters;
        }
        current = current.parentId ? byId.get(current.parentId) : undefined;
      }
    }
    return areas.map((a) => ({
      ...a,
      stationCount: totals.get(a.id)?.stations ?? 0,
      registeredVoters: totals.get(a.id)?.voters ?? 0,
    }));
  }

  async create(actor: Actor, body: CreateAreaBody): Promise<Area> {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      if (body.parentId && !(await tx.areas.findById(body.parentId))) {
        throw new DomainError('validation_failed', 'no such parent area', [
          { in: 'body', path: '/parentId', keyword: 'not_found' },
        ]);
      }
      const area = await tx.areas.create(
        randomUUID(),
        {
          parentId: body.parentId,
          level: body.level,
          code: body.code?.trim() || null,
          name: body.name,
          commission: body.commission ?? null,
          isDemo: false,
        },
        now,
      );
      await audit(tx, actor, { action: 'area.created', entityType: 'area', entityId: area.id }, now);
      return area;
    });
  }

  /**
   * Moving an area re-homes its stations: the region that numbers them may change, and a number
   * clash in the new region is refused (the whole move is rolled back).
   */
  async update(actor: Actor, id: string, body: UpdateAreaBody): Promise<Area> {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const areas = await tx.areas.list();
      const byId = new Map(areas.map((a) => [a.id, a]));
      const existing = byId.get(id);
      if (!existing) throw new DomainError('not_found', 'no such area');
      if (body.parentId) {
        if (!byId.has(body.parentId)) {
          throw new DomainError('validation_failed', 'no such parent area', [
            { in: 'body', path: '/parentId', keyword: 'not_found' },
          ]);
        }
        if (isSelfOrDescendant(id, body.parentId, byId))
          throw new DomainError('area_cycle', 'an area cannot move under itself');
      }
      const patch = { ...body, ...(body.code !== undefined ? { code: body.code?.trim() || null } : {}) };
      const updated = (await tx.areas.update(id, patch, now)) as Area;
      if (body.parentId !== undefined || body.level !== undefined) await this.rehomeStations(tx, id, now);
      await audit(
        tx,
        actor,
        { action: 'area.updated', entityType: 'area', entityId: id, details: { fields: Object.keys(body) } },
        now,
      );
      return updated;
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      if (!(await tx.areas.findById(id))) throw new DomainError('not_found', 'no such area');
      if ((await tx.areas.hasChildren(id)) || (await tx.stations.countInArea(id)) > 0) {
        throw new DomainError('area_not_empty', 'the area has sub-areas or stations');
      }
      await tx.areas.delete(id);
      await audit(tx, actor, { action: 'area.deleted', entityType: 'area', entityId: id }, now);
    });
  }

  private async rehomeStations(tx: Store, movedId: string, now: Date): Promise<void> {
    const areas = await tx.areas.list();
    const index = new AreaIndex(areas);
    const moved = subtreeIds(movedId, areas);
    for (const election of await tx.elections.list()) {
      for (const s of await tx.stations.listAll(election.id)) {
        if (!moved.has(s.areaId)) continue;
        const regionId = index.regionOf(s.areaId);
        if (regionId !== s.regionId) await tx.stations.update(s.id, { ...s, regionId }, now);
      }
    }
  }
}
