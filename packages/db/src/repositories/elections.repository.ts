import type { BallotOption, Election, ElectionKind, LocalizedText, ProtocolTemplateBase } from '@pollwatch/core';
import type { Kysely, Selectable } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database, ElectionsTable } from '../schema.ts';
import { boolValue, jsonValue, readBool, readJson, readTime, timeValue } from '../values.ts';

export type ElectionData = Omit<Election, 'id' | 'createdAt' | 'updatedAt'>;

function toElection(row: Selectable<ElectionsTable>): Election {
  return {
    id: row.id,
    name: readJson(row.name) as LocalizedText,
    kind: row.kind as ElectionKind,
    votingDate: row.voting_date,
    timeZone: row.time_zone,
    pollsOpen: row.polls_open,
    pollsClose: row.polls_close,
    monitoringFrom: row.monitoring_from,
    turnoutCheckpoints: readJson(row.turnout_checkpoints) as string[],
    ballotOptions: readJson(row.ballot_options) as BallotOption[],
    protocolTemplate: row.protocol_template as ProtocolTemplateBase,
    isDemo: readBool(row.is_demo),
    createdAt: readTime(row.created_at),
    updatedAt: readTime(row.updated_at),
  };
}

export class ElectionsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  private columns(e: Partial<ElectionData>) {
    return {
      ...(e.name !== undefined ? { name: jsonValue(e.name) } : {}),
      ...(e.kind !== undefined ? { kind: e.kind } : {}),
      ...(e.votingDate !== undefined ? { voting_date: e.votingDate } : {}),
      ...(e.timeZone !== undefined ? { time_zone: e.timeZone } : {}),
      ...(e.pollsOpen !== undefined ? { polls_open: e.pollsOpen } : {}),
      ...(e.pollsClose !== undefined ? { polls_close: e.pollsClose } : {}),
      ...(e.monitoringFrom !== undefined ? { monitoring_from: e.monitoringFrom } : {}),
      ...(e.turnoutCheckpoints !== undefined ? { turnout_checkpoints: jsonValue(e.turnoutCheckpoints) } : {}),
      ...(e.ballotOptions !== undefined ? { ballot_options: jsonValue(e.ballotOptions) } : {}),
      ...(e.protocolTemplate !== undefined ? { protocol_template: e.protocolTemplate } : {}),
      ...(e.isDemo !== undefined ? { is_demo: boolValue(this.dialect, e.isDemo) } : {}),
    };
  }

  async create(id: string, data: ElectionData, now: Date): Promise<Election> {
    const at = timeValue(this.dialect, now);
    await this.db
      .insertInto('elections')
      .values({
        id,
        ...(this.columns(data) as Required<ReturnType<typeof this.columns>>),
        created_at: at,
        updated_at: at,
      })
      .execute();
    return (await this.findById(id)) as Election;
  }

  async update(id: string, patch: Partial<ElectionData>, now: Date): Promise<Election | undefined> {
    await this.db
      .updateTable('elections')
      .set({ ...this.columns(patch), updated_at: timeValue(this.dialect, now) })
      .where('id', '=', id)
      .execute();
    return this.findById(id);
  }

  async findById(id: string): Promise<Election | undefined> {
    const row = await this.db.selectFrom('elections').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toElection(row) : undefined;
  }

  /** Newest voting day first. */
  async list(): Promise<Election[]> {
    const rows = await this.db
      .selectFrom('elections')
      .selectAll()
      .orderBy('voting_date', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toElection);
  }
}
