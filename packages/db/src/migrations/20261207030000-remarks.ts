import { type Kysely, PostgresAdapter, sql } from 'kysely';

// The remarks register (issue 18): findings the HQ addresses to an election commission (a station's
// precinct commission, an area's territorial commission or the CEC) and tracks until the commission
// acts. Each remark keeps links to its evidence: stations and the report revision (answers, photos,
// chain entry) it was made from. Dates of the letter's life are `YYYY-MM-DD` text on both dialects,
// so "overdue" compares them in SQL.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;

  await db.schema
    .createTable('remarks')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    /** Its number in the election's register, from 1. */
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('commission_level', 'text', (c) => c.notNull())
    /** The commission's area (for a precinct commission, its station's area): the remark's scope. */
    .addColumn('area_id', id, (c) => c.notNull().references('areas.id'))
    .addColumn('station_id', id, (c) => c.references('stations.id'))
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('sent_on', 'text')
    .addColumn('sent_via', 'text')
    .addColumn('acknowledged_on', 'text')
    .addColumn('answer', 'text')
    .addColumn('answered_on', 'text')
    .addColumn('closed_on', 'text')
    .addColumn('batch_id', id)
    .addColumn('created_by', id, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('remarks_election_number_key', ['election_id', 'number'])
    .addCheckConstraint('remarks_level_check', sql`commission_level in ('precinct','territorial','central')`)
    .addCheckConstraint(
      'remarks_precinct_station_check',
      sql`(commission_level = 'precinct') = (station_id is not null)`,
    )
    .addCheckConstraint('remarks_origin_check', sql`origin in ('manual','readiness','incident','report')`)
    .addCheckConstraint(
      'remarks_status_check',
      sql`status in ('draft','sent','acknowledged','resolved','not_resolved','no_answer')`,
    )
    .execute();
  await db.schema
    .createIndex('remarks_election_status_idx')
    .on('remarks')
    .columns(['election_id', 'status', 'sent_on'])
    .execute();
  await db.schema.createIndex('remarks_election_area_idx').on('remarks').columns(['election_id', 'area_id']).execute();
  await db.schema.createIndex('remarks_station_idx').on('remarks').column('station_id').execute();

  await db.schema
    .createTable('remark_evidence')
    .addColumn('remark_id', id, (c) => c.notNull().references('remarks.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('station_id', id, (c) => c.notNull().references('stations.id'))
    .addColumn('report_id', id, (c) => c.references('reports.id'))
    /** The report's revision when the remark was made: its answers, photos and chain entry. */
    .addColumn('revision', 'integer')
    /** A readiness finding: the checklist question answered with a problem. */
    .addColumn('question_id', 'text')
    .addPrimaryKeyConstraint('remark_evidence_pkey', ['remark_id', 'position'])
    .execute();
  await db.schema.createIndex('remark_evidence_report_idx').on('remark_evidence').column('report_id').execute();
  await db.schema.createIndex('remark_evidence_station_idx').on('remark_evidence').column('station_id').execute();
}
