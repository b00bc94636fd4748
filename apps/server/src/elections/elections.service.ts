import { randomUUID } from 'node:crypto';
import {
  addDays,
  type CreateElectionBody,
  canonicalJson,
  DEFAULT_MONITORING_DAYS,
  DEFAULT_POLLS_CLOSE,
  DEFAULT_POLLS_OPEN,
  DEFAULT_TURNOUT_CHECKPOINTS,
  DomainError,
  type Election,
  electionProblems,
  type UpdateElectionBody,
} from '@pollwatch/core';
import type { ElectionData, Store } from '@pollwatch/db';
import { type Actor, audit } from '../auth/actor.ts';
import { createStandardForms, refreshProtocolForm } from '../forms/forms.service.ts';
import { validationFailed } from '../http/validation-problems.ts';

const CURRENT_KEY = 'current_election_id';

export type ElectionWithCurrent = Election & { isCurrent: boolean };

export class ElectionsService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  /** The HQ works in one election at a time; without a choice, the one voting soonest-latest. */
  async currentId(store: Store = this.store): Promise<string | null> {
    const chosen = (await store.settings.get(CURRENT_KEY)) as { electionId?: unknown } | undefined;
    const id = chosen?.electionId;
    if (typeof id === 'string' && (await store.elections.findById(id))) return id;
    return (await store.elections.list())[0]?.id ?? null;
  }

  async list(): Promise<ElectionWithCurrent[]> {
    const [items, current] = await Promise.all([this.store.elections.list(), this.currentId()]);
    return items.map((e) => ({ ...e, isCurrent: e.id === current }));
  }

  async get(id: string): Promise<ElectionWithCurrent> {
    const election = await this.store.elections.findById(id);
    if (!election) throw new DomainError('not_found', 'no such election');
    return { ...election, isCurrent: (await this.currentId()) === id };
  }

  async create(actor: Actor | null, body: CreateElectionBody, options: { isDemo?: boolean; store?: Store } = {}) {
    const data: ElectionData = {
      name: body.name,
      kind: body.kind,
      votingDate: body.votingDate,
      timeZone: body.timeZone,
      pollsOpen: body.pollsOpen ?? DEFAULT_POLLS_OPEN,
      pollsClose: body.pollsClose ?? DEFAULT_POLLS_CLOSE,
      monitoringFrom: body.monitoringFrom ?? addDays(body.votingDate, -DEFAULT_MONITORING_DAYS),
      turnoutCheckpoints: body.turnoutCheckpoints ?? [...DEFAULT_TURNOUT_CHECKPOINTS],
      ballotOptions: body.ballotOptions ?? [],
      protocolTemplate: body.protocolTemplate ?? 'kz',
      isDemo: options.isDemo ?? false,
    };
    const problems = electionProblems(data);
    if (problems.length) throw validationFailed('the election is not consistent', problems);
    const now = this.now();
    const work = async (tx: Store) => {
      const election = await tx.elections.create(randomUUID(), data, now);
      await createStandardForms(tx, election, actor?.user.id ?? null, now);
      await audit(tx, actor, { action: 'election.created', entityType: 'election', entityId: election.id }, now);
      return election;
    };
    return options.store ? work(options.store) : this.store.transaction(work);
  }

  async update(actor: Actor, id: string, body: UpdateElectionBody): Promise<ElectionWithCurrent> {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      const existing = await tx.elections.findById(id);
      if (!existing) throw new DomainError('not_found', 'no such election');
      const merged = { ...existing, ...body };
      const problems = electionProblems(merged);
      if (problems.length) throw validationFailed('the election is not consistent', problems);
      const updated = (await tx.elections.update(id, body, now)) as Election;
      const ballotChanged =
        (body.ballotOptions !== undefined &&
          canonicalJson(body.ballotOptions) !== canonicalJson(existing.ballotOptions)) ||
        (body.protocolTemplate !== undefined && body.protocolTemplate !== existing.protocolTemplate);
      if (ballotChanged) {
        await refreshProtocolForm(tx, updated, actor.user.id, now);
      }
      await audit(
        tx,
        actor,
        { action: 'election.updated', entityType: 'election', entityId: id, details: { fields: Object.keys(body) } },
        now,
      );
    });
    return this.get(id);
  }

  async makeCurrent(actor: Actor | null, id: string, store: Store = this.store): Promise<void> {
    const now = this.now();
    const work = async (tx: Store) => {
      if (!(await tx.elections.findById(id))) throw new DomainError('not_found', 'no such election');
      await tx.settings.set(CURRENT_KEY, { electionId: id }, now);
      await audit(tx, actor, { action: 'election.made_current', entityType: 'election', entityId: id }, now);
    };
    await (store === this.store ? this.store.transaction(work) : work(store));
  }
}
