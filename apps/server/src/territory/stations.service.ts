import { randomUUID } from 'node:crypto';
import {
  AreaIndex,
  type CreateStationBody,
  DomainError,
  isTimeZone,
  type Station,
  type StationsQuery,
  type UpdateStationBody,
} from '@pollwatch/core';
import type { StationData, Store } from '@pollwatch/db';
import { type Actor, audit, scopeOf } from '../auth/actor.ts';
import { OutOfScopeError } from '../auth/out-of-scope.ts';
import { validationFailed } from '../http/validation-problems.ts';

const PAGE = 50;

export class StationsService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  /** Stations of the election in the actor's area (all of them for national staff), filtered in SQL. */
  async search(actor: Actor, electionId: string, query: StationsQuery) {
    if (!(await this.store.elections.findById(electionId))) throw new DomainError('not_found', 'no such election');
    const after = decodeCursor(query.after);
    const limit = query.limit ?? PAGE;
    const { items, total } = await this.store.stations.search(electionId, {
      q: query.q,
      areaId: query.areaId,
      scope: scopeOf(actor),
      after,
      limit: limit + 1,
    });
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, total, nextCursor: items.length > limit && last ? `${last.number}:${last.id}` : null };
  }

  /** A station outside the actor's area answers like a missing one (404, audited). */
  async get(actor: Actor, id: string): Promise<Station> {
    const station = await this.store.stations.findById(id, scopeOf(actor));
    if (station) return station;
    if (await this.store.stations.findById(id)) throw new OutOfScopeError('station', id);
    throw new DomainError('not_found', 'no such station');
  }

  async create(actor: Actor, electionId: string, body: CreateStationBody): Promise<Station> {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      if (!(await tx.elections.findById(electionId))) throw new DomainError('not_found', 'no such election');
      const data = await this.complete(tx, {
        areaId: body.areaId,
        regionId: '',
        number: body.number,
        name: body.name ?? null,
        address: body.address.trim(),
        registeredVoters: body.registeredVoters ?? null,
        commission: body.commission ?? null,
        latitude: body.latitude ?? null,
        longitude: body.longitude ?? null,
        accessibility: body.accessibility ?? null,
        pollsOpen: body.pollsOpen ?? null,
        pollsClose: body.pollsClose ?? null,
        timeZone: body.timeZone ?? null,
        isDemo: false,
      });
      const station = await tx.stations.create(electionId, randomUUID(), data, now);
      await audit(tx, actor, { action: 'station.created', entityType: 'station', entityId: station.id }, now);
      return station;
    });
  }

  async update(actor: Actor, id: string, body: UpdateStationBody): Promise<Station> {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const existing = await tx.stations.findById(id);
      if (!existing) throw new DomainError('not_found', 'no such station');
      const data = await this.complete(tx, {
        ...existing,
        ...body,
        ...(body.address !== undefined ? { address: body.address.trim() } : {}),
      });
      const station = (await tx.stations.update(id, data, now)) as Station;
      await audit(
        tx,
        actor,
        { action: 'station.updated', entityType: 'station', entityId: id, details: { fields: Object.keys(body) } },
        now,
      );
      return station;
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      if (!(await tx.stations.findById(id))) throw new DomainError('not_found', 'no such station');
      await tx.stations.delete(id);
      await audit(tx, actor, { action: 'station.deleted', entityType: 'station', entityId: id }, now);
    });
  }

  /** Checks what the schema cannot and derives the numbering region from the area. */
  private async complete(tx: Store, data: StationData): Promise<StationData> {
    const areas = await tx.areas.list();
    const problems: { field: string; code: string }[] = [];
    if (!areas.some((a) => a.id === data.areaId)) problems.push({ field: 'areaId', code: 'not_found' });
    if (data.timeZone && !isTimeZone(data.timeZone)) problems.push({ field: 'timeZone', code: 'invalid_time_zone' });
    if (data.pollsOpen && data.pollsClose && data.pollsOpen >= data.pollsClose) {
      problems.push({ field: 'pollsClose', code: 'not_after_opening' });
    }
    if (problems.length) throw validationFailed('the station is not consistent', problems);
    return { ...data, regionId: new AreaIndex(areas).regionOf(data.areaId) };
  }
}

function decodeCursor(cursor: string | undefined): { number: number; id: string } | undefined {
  if (!cursor) return undefined;
  const m = /^(\d+):([0-9a-f-]{36})$/.exec(cursor);
  if (!m)
    throw new DomainError('validation_failed', 'bad cursor', [
      { in: 'querystring', path: '/after', keyword: 'format' },
    ]);
  return { number: Number(m[1]), id: m[2] as string };
}
