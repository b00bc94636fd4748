import { CHAIN_GENESIS } from '@pollwatch/core';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { readInt } from '../values.ts';

/** How many records of each kind the demo holds (or a removal deleted). */
export interface DemoCounts {
  elections: number;
  areas: number;
  stations: number;
  users: number;
  applicants: number;
  applicantEvents: number;
  assignments: number;
  readinessVisits: number;
  reports: number;
  revisions: number;
  verifications: number;
  photos: number;
  officialResults: number;
  forms: number;
}

export type DemoRemoval =
  | {
      removed: DemoCounts;
      /** Demo accounts the append-only audit log (or other kept records) names: disabled, not deleted. */
      keptUsers: number;
      /** Demo areas still holding records that are not demo data (kept). */
      keptAreas: number;
      /** Photos deleted from the database: their files go too. */
      photoHashes: string[];
      /** The chain after the removal: the demo's entries were its tail and are cut off. */
      chainHead: { seq: number; hash: string };
    }
  | {
      /** Reports that are not demo data were chained after the demo's: removing it would break the chain. */
      refused: 'chain_continues';
      laterEntries: number;
    };

/**
 * The demo's records as a whole: counting them, marking the accounts the demo makes, and removing
 * exactly them. Demo data is what hangs off a demo election (`elections.is_demo`), a demo account
 * (`users.is_demo`) or a demo area (`areas.is_demo`).
 */
export class DemoRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  private get yes(): RawBuilder<unknown> {
    return this.dialect === 'postgres' ? sql`true` : sql`1`;
  }

  private elections(): RawBuilder<unknown> {
    return sql`(select id from elections where is_demo = ${this.yes})`;
  }

  private users(): RawBuilder<unknown> {
    return sql`(select id from users where is_demo = ${this.yes})`;
  }

  private reports(): RawBuilder<unknown> {
    return sql`(select id from reports where election_id in ${this.elections()} or observer_id in ${this.users()})`;
  }

  private applicants(): RawBuilder<unknown> {
    return sql`(select id from applicants where election_id in ${this.elections()} or user_id in ${this.users()})`;
  }

  private async count(query: RawBuilder<unknown>): Promise<number> {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${query} as q`.execute(this.db);
    return readInt(rows[0]?.n ?? 0);
  }

  /** Marks accounts the demo made, so that removing the demo finds them. */
  async markUsers(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await sql`update users set is_demo = ${this.yes} where id in (${sql.join(chunk)})`.execute(this.db);
    }
  }

  async userIds(): Promise<string[]> {
    const { rows } = await sql<{ id: string }>`select id from users where is_demo = ${this.yes}`.execute(this.db);
    return rows.map((r) => r.id);
  }

  /** The election's reports in the verification queue, oldest change first. */
  async queuedReportIds(electionId: string): Promise<string[]> {
    const { rows } = await sql<{ report_id: string }>`
      select report_id from report_verifications where election_id = ${electionId}
      order by changed_at, report_id`.execute(this.db);
    return rows.map((r) => r.report_id);
  }

  async counts(): Promise<DemoCounts> {
    const E = this.elections();
    const U = this.users();
    const R = this.reports();
    const A = this.applicants();
    return {
      elections: await this.count(E),
      areas: await this.count(sql`(select id from areas where is_demo = ${this.yes})`),
      stations: await this.count(sql`(select id from stations where election_id in ${E})`),
      users: await this.count(U),
      applicants: await this.count(A),
      applicantEvents: await this.count(sql`(select id from applicant_events where applicant_id in ${A})`),
      assignments: await this.count(sql`(select id from assignments where election_id in ${E} or observer_id in ${U})`),
      readinessVisits: await this.count(
        sql`(select id from readiness_visits where election_id in ${E} or observer_id in ${U})`,
      ),
      reports: await this.count(R),
      revisions: await this.count(sql`(select report_id from report_revisions where report_id in ${R})`),
      verifications: await this.count(sql`(select report_id from report_verifications where report_id in ${R})`),
      photos: await this.count(sql`(select sha256 from photos where uploaded_by in ${U})`),
      officialResults: await this.count(sql`(select station_id from official_results where election_id in ${E})`),
      forms: await this.count(sql`(select id from forms where election_id in ${E})`),
    };
  }

  /**
   * Deletes the demo's records. Run in a transaction. The audit log is append-only: a demo account
   * it names as an actor is disabled and renamed instead of deleted. The demo's report revisions
   * must be the tail of the hash chain (they are cut off and the head moves back); if other reports
   * were chained after them, nothing is removed.
   */
  async remove(keptUserName: string): Promise<DemoRemoval> {
    const db = this.db;
    const run = async (query: RawBuilder<unknown>): Promise<number> => {
      const result = await query.execute(db);
      return Number(result.numAffectedRows ?? 0n);
    };
    const E = this.elections();
    const U = this.users();
    const R = this.reports();
    const A = this.applicants();
    const S = sql`(select id from stations where election_id in ${E})`;

    // The chain: the demo's entries must be its tail.
    const { rows: firstRows } = await sql<{ seq: number | string | null }>`
      select min(chain_seq) as seq from report_revisions where report_id in ${R}`.execute(db);
    const firstDemoSeq = firstRows[0]?.seq == null ? null : readInt(firstRows[0].seq);
    let chainHead: { seq: number; hash: string };
    if (firstDemoSeq !== null) {
      const later = await this.count(
        sql`(select report_id from report_revisions where chain_seq > ${firstDemoSeq} and report_id not in ${R})`,
      );
      if (later > 0) return { refused: 'chain_continues', laterEntries: later };
      const { rows } = await sql<{ chain_hash: string }>`
        select chain_hash from report_revisions where chain_seq = ${firstDemoSeq - 1}`.execute(db);
      chainHead = { seq: firstDemoSeq - 1, hash: rows[0]?.chain_hash ?? CHAIN_GENESIS };
    } else {
      const { rows } = await sql<{ seq: number | string; hash: string }>`select seq, hash from chain_head`.execute(db);
      chainHead = { seq: readInt(rows[0]?.seq ?? 0), hash: rows[0]?.hash ?? CHAIN_GENESIS };
    }

    const { rows: photoRows } = await sql<{ sha256: string }>`
      select sha256 from photos where uploaded_by in ${U}`.execute(db);
    const removed: DemoCounts = {
      elections: 0,
      areas: 0,
      stations: 0,
      users: 0,
      applicants: 0,
      applicantEvents: 0,
      assignments: 0,
      readinessVisits: 0,
      reports: 0,
      revisions: 0,
      verifications: 0,
      photos: 0,
      officialResults: 0,
      forms: 0,
    };
    // The remarks register (issue 18): the demo elections' remarks, and any remark with demo evidence.
    const RM = sql`(select id from remarks where election_id in ${E} or station_id in ${S})`;
    await run(sql`delete from remark_evidence where remark_id in ${RM} or report_id in ${R} or station_id in ${S}`);
    await run(sql`delete from remarks where id in ${RM}`);
    // The message log and channel links (issue 22) of demo observers and stations.
    await run(sql`delete from channel_messages where user_id in ${U} or station_id in ${S}`);
    await run(sql`delete from channel_identities where user_id in ${U}`);
    removed.verifications = await run(sql`delete from report_verifications where report_id in ${R}`);
    await run(sql`delete from station_records where report_id in ${R} or station_id in ${S}`);
    removed.revisions = await run(sql`delete from report_revisions where report_id in ${R}`);
    removed.reports = await run(sql`delete from reports where id in ${R}`);
    await run(sql`update chain_head set seq = ${chainHead.seq}, hash = ${chainHead.hash} where id = 1`);
    removed.readinessVisits = await run(
      sql`delete from readiness_visits where election_id in ${E} or observer_id in ${U} or station_id in ${S}`,
    );
    removed.assignments = await run(
      sql`delete from assignments where election_id in ${E} or observer_id in ${U} or station_id in ${S}`,
    );
    // The observer school (issue 20): everything of the demo elections and of the demo applicants.
    const SC = sql`(select id from school_courses where election_id in ${E})`;
    const SQ = sql`(select id from school_quizzes where course_id in ${SC})`;
    await run(sql`delete from school_certificates where election_id in ${E} or applicant_id in ${A}`);
    await run(
      sql`delete from school_attempt_answers where quiz_id in ${SQ} or attempt_id in (select id from school_attempts where applicant_id in ${A})`,
    );
    await run(
      sql`delete from school_attempt_steps where attempt_id in (select id from school_attempts where quiz_id in ${SQ} or applicant_id in ${A})`,
    );
    await run(sql`delete from school_attempts where quiz_id in ${SQ} or applicant_id in ${A}`);
    await run(
      sql`delete from school_lesson_progress where applicant_id in ${A} or lesson_id in (select id from school_lessons where course_id in ${SC})`,
    );
    await run(
      sql`delete from school_reminders where applicant_id in ${A} or class_id in (select id from school_classes where election_id in ${E})`,
    );
    await run(
      sql`delete from school_signups where applicant_id in ${A} or class_id in (select id from school_classes where election_id in ${E})`,
    );
    await run(sql`delete from school_classes where election_id in ${E}`);
    await run(sql`delete from school_links where election_id in ${E} or applicant_id in ${A}`);
    await run(sql`delete from school_rules where election_id in ${E}`);
    await run(sql`delete from school_quiz_versions where quiz_id in ${SQ}`);
    await run(sql`delete from school_quizzes where id in ${SQ}`);
    await run(sql`delete from school_lessons where course_id in ${SC}`);
    await run(sql`update school_courses set requires_course_id = null where id in ${SC}`);
    await run(sql`delete from school_courses where id in ${SC}`);
    await run(sql`delete from referrals where election_id in ${E} or station_id in ${S} or applicant_id in ${A}`);
    removed.applicantEvents = await run(sql`delete from applicant_events where applicant_id in ${A}`);
    await run(sql`update applicants set merged_into = null where merged_into in ${A}`);
    removed.applicants = await run(sql`delete from applicants where id in ${A}`);
    removed.officialResults = await run(sql`delete from official_results where election_id in ${E}`);
    await run(sql`delete from official_area_results where election_id in ${E}`);
    await run(sql`delete from official_turnout where election_id in ${E}`);
    await run(sql`delete from reference_notes where election_id in ${E}`);
    // The public site: the demo's posts (and opinions its observers sent) and its dashboard switch.
    await run(sql`delete from posts where election_id in ${E} or submitted_by in ${U}`);
    await run(sql`delete from public_dashboards where election_id in ${E}`);
    await run(sql`delete from form_versions where form_id in (select id from forms where election_id in ${E})`);
    removed.forms = await run(sql`delete from forms where election_id in ${E}`);
    await run(sql`delete from imports where election_id in ${E}`);
    // Settings that name a demo election: the current election, the quick-count sample, versions.
    const { rows: demoElections } = await sql<{ id: string }>`select id from ${E} as e`.execute(db);
    for (const { id } of demoElections) {
      await run(sql`delete from settings where key like ${`%:${id}`}`);
    }
    const { rows: current } = await sql<{ value: unknown }>`
      select value from settings where key = 'current_election_id'`.execute(db);
    const currentValue = current[0]?.value;
    const currentId = (
      (typeof currentValue === 'string' ? JSON.parse(currentValue) : currentValue) as
        | { electionId?: string }
        | undefined
    )?.electionId;
    if (currentId && demoElections.some((e) => e.id === currentId)) {
      await run(sql`delete from settings where key = 'current_election_id'`);
    }
    removed.stations = await run(sql`delete from stations where election_id in ${E}`);
    removed.elections = await run(sql`delete from elections where is_demo = ${this.yes}`);
    removed.photos = await run(sql`delete from photos where uploaded_by in ${U}`);

    // Accounts: deleted unless a kept record names them (the audit log above all).
    const referenced = sql`(
      select actor_id as id from audit_log where actor_id is not null
      union select created_by from invites where created_by is not null
      union select created_by from assignments where created_by is not null
      union select created_by from readiness_visits where created_by is not null
      union select decided_by from station_records where decided_by is not null
      union select claimed_by from report_verifications where claimed_by is not null
      union select decided_by from report_verifications where decided_by is not null
      union select issued_by from referrals where issued_by is not null
      union select actor_id from applicant_events where actor_id is not null
      union select uploaded_by from photos where uploaded_by is not null
      union select created_by from imports where created_by is not null
      union select created_by from form_versions where created_by is not null
      union select created_by from reference_notes where created_by is not null
      union select created_by from posts where created_by is not null
      union select updated_by from public_dashboards where updated_by is not null
    )`;
    await run(sql`delete from sessions where user_id in ${U}`);
    removed.users = await run(sql`delete from users where is_demo = ${this.yes} and id not in ${referenced}`);
    const keptUsers = await run(
      sql`update users set status = 'disabled', display_name = ${keptUserName} where is_demo = ${this.yes}`,
    );

    // Areas: leaves first, and only those no kept record uses.
    const usedAreas = sql`(
      select area_id as id from stations union select region_id from stations
      union select parent_id from areas where parent_id is not null
      union select area_id from users where area_id is not null
      union select area_id from applicants where area_id is not null
      union select area_id from official_area_results
      union select area_id from remarks
    )`;
    for (;;) {
      const deleted = await run(sql`delete from areas where is_demo = ${this.yes} and id not in ${usedAreas}`);
      if (deleted === 0) break;
      removed.areas += deleted;
    }
    const keptAreas = await this.count(sql`(select id from areas where is_demo = ${this.yes})`);
    return { removed, keptUsers, keptAreas, photoHashes: photoRows.map((r) => r.sha256), chainHead };
  }
}
