import {
  type Applicant,
  type ApplicantAvailability,
  type ApplicantEvent,
  type ApplicantLanguage,
  type ApplicantSource,
  type ApplicantStatus,
  type AreaScope,
  type Locale,
  normaliseKzMobile,
} from '@pollwatch/core';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { areaInScope } from '../area-scope.ts';
import type { DialectName } from '../database.ts';
import { DataKeyring } from '../field-crypto.ts';
import type { ApplicantsTable, Database } from '../schema.ts';
import { readTime, timeValue } from '../values.ts';

export type ApplicantData = Omit<Applicant, 'id' | 'createdAt' | 'updatedAt'>;
export type ApplicantPatch = Partial<Omit<ApplicantData, 'source'>>;

export interface ApplicantFilter {
  /** Words of the name (all must match), or a whole phone number (matched on its blind index). */
  q?: string | undefined;
  status?: ApplicantStatus | undefined;
  statuses?: readonly ApplicantStatus[] | undefined;
  /** The actor's area scope: applicants placed in it (none without an area, unless national). */
  scope?: AreaScope | undefined;
  /** Restrict to this area's subtree (a filter the user chose, within the scope). */
  areaId?: string | undefined;
  availability?: ApplicantAvailability | undefined;
  language?: ApplicantLanguage | undefined;
  electionId?: string | undefined;
  /** Keyset cursor: newest first, so only rows older than this one. */
  after?: { createdAt: Date; id: string } | undefined;
  limit?: number | undefined;
}

/** `['kk','ru']` ↔ `,kk,ru,`: one LIKE '%,kk,%' filters on either dialect. */
const packList = (values: readonly string[]) => (values.length ? `,${values.join(',')},` : '');
const unpackList = <T extends string>(text: string): T[] => text.split(',').filter(Boolean) as T[];

/** What names are searched by: the name, lower-cased, ё as е. Phones are not in it (they are sealed). */
const nameSearchText = (fullName: string) => fullName.toLowerCase().replace(/ё/g, 'е');

/** Blind-index purposes (part of the HMAC input, so a phone's index never equals an IIN's). */
const PHONE = 'phone';
const IIN = 'iin';

/**
 * The sealed columns of a row: phone, IIN and identity document as AES-256-GCM envelopes under the
 * active data key, the blind indexes of phone and IIN, and that key's id. All three are sealed
 * together, so `pii_key` names the one key a row needs.
 */
function seal(keys: DataKeyring, a: Pick<Applicant, 'phone' | 'iin' | 'idDocument'>) {
  return {
    phone: keys.encrypt(a.phone, 'applicants.phone'),
    phone_hash: keys.index(a.phone, PHONE),
    iin: a.iin === null ? null : keys.encrypt(a.iin, 'applicants.iin'),
    iin_hash: a.iin === null ? null : keys.index(a.iin, IIN),
    id_document: a.idDocument === null ? null : keys.encrypt(a.idDocument, 'applicants.id_document'),
    pii_key: keys.activeId,
  };
}

function toApplicant(row: Selectable<ApplicantsTable>, keys: DataKeyring): Applicant {
  return {
    id: row.id,
    electionId: row.election_id,
    fullName: row.full_name,
    phone: keys.decrypt(row.phone, 'applicants.phone'),
    email: row.email,
    iin: row.iin === null ? null : keys.decrypt(row.iin, 'applicants.iin'),
    birthDate: row.birth_date,
    areaId: row.area_id,
    languages: unpackList<ApplicantLanguage>(row.languages),
    availability: unpackList<ApplicantAvailability>(row.availability),
    experience: row.experience,
    referralSource: row.referral_source,
    consentVersion: row.consent_version,
    consentedAt: row.consented_at ? readTime(row.consented_at) : null,
    status: row.status as ApplicantStatus,
    statusReason: row.status_reason,
    idDocument: row.id_document === null ? null : keys.decrypt(row.id_document, 'applicants.id_document'),
    locale: row.locale as Locale,
    userId: row.user_id,
    source: row.source as ApplicantSource,
    mergedInto: row.merged_into,
    anonymisedAt: row.anonymised_at ? readTime(row.anonymised_at) : null,
    createdAt: readTime(row.created_at),
    updatedAt: readTime(row.updated_at),
  };
}

export class ApplicantsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
    /** The one place personal data is sealed and opened (field-crypto.ts). */
    private readonly keys: DataKeyring = new DataKeyring(),
  ) {}

  private toApplicant = (row: Selectable<ApplicantsTable>): Applicant => toApplicant(row, this.keys);

  async create(id: string, a: ApplicantData, now: Date): Promise<Applicant> {
    const at = timeValue(this.dialect, now);
    await this.db
      .insertInto('applicants')
      .values({
        id,
        election_id: a.electionId,
        full_name: a.fullName,
        ...seal(this.keys, a),
        email: a.email,
        birth_date: a.birthDate,
        area_id: a.areaId,
        languages: packList(a.languages),
        availability: packList(a.availability),
        experience: a.experience,
        referral_source: a.referralSource,
        consent_version: a.consentVersion,
        consented_at: a.consentedAt ? timeValue(this.dialect, a.consentedAt) : null,
        status: a.status,
        status_reason: a.statusReason,
        locale: a.locale,
        user_id: a.userId,
        source: a.source,
        merged_into: a.mergedInto,
        search_text: nameSearchText(a.fullName),
        anonymised_at: a.anonymisedAt ? timeValue(this.dialect, a.anonymisedAt) : null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    return (await this.findById(id)) as Applicant;
  }

  /** The applicant; with a scope, only if placed in it. */
  async findById(id: string, scope?: AreaScope): Promise<Applicant | undefined> {
    let query = this.db.selectFrom('applicants').selectAll().where('id', '=', id);
    if (scope) query = query.where(areaInScope('applicants.area_id', scope));
    const row = await query.executeTakeFirst();
    return row ? this.toApplicant(row) : undefined;
  }

  /** The live (not merged away) applicant with this phone. */
  async findByPhone(phone: string): Promise<Applicant | undefined> {
    const row = await this.db
      .selectFrom('applicants')
      .selectAll()
      .where('phone_hash', 'in', this.keys.lookups(phone, PHONE))
      .where('merged_into', 'is', null)
      .orderBy('created_at')
      .executeTakeFirst();
    return row ? this.toApplicant(row) : undefined;
  }

  async findByUserId(userId: string): Promise<Applicant | undefined> {
    const row = await this.db
      .selectFrom('applicants')
      .selectAll()
      .where('user_id', '=', userId)
      .where('merged_into', 'is', null)
      .executeTakeFirst();
    return row ? this.toApplicant(row) : undefined;
  }

  async update(id: string, patch: ApplicantPatch, now: Date): Promise<Applicant> {
    const values: Updateable<ApplicantsTable> = { updated_at: timeValue(this.dialect, now) };
    const set = <K extends keyof ApplicantPatch>(key: K, apply: (v: NonNullable<ApplicantPatch>[K]) => void) => {
      if (patch[key] !== undefined) apply(patch[key] as NonNullable<ApplicantPatch>[K]);
    };
    set('electionId', (v) => (values.election_id = v ?? null));
    set('fullName', (v) => (values.full_name = v as string));
    set('email', (v) => (values.email = v ?? null));
    set('birthDate', (v) => (values.birth_date = v ?? null));
    set('areaId', (v) => (values.area_id = v ?? null));
    set('languages', (v) => (values.languages = packList(v ?? [])));
    set('availability', (v) => (values.availability = packList(v ?? [])));
    set('experience', (v) => (values.experience = v ?? null));
    set('referralSource', (v) => (values.referral_source = v ?? null));
    set('consentVersion', (v) => (values.consent_version = v ?? null));
    set('consentedAt', (v) => (values.consented_at = v ? timeValue(this.dialect, v) : null));
    set('status', (v) => (values.status = v as string));
    set('statusReason', (v) => (values.status_reason = v ?? null));
    set('locale', (v) => (values.locale = v as string));
    set('userId', (v) => (values.user_id = v ?? null));
    set('mergedInto', (v) => (values.merged_into = v ?? null));
    set('anonymisedAt', (v) => (values.anonymised_at = v ? timeValue(this.dialect, v) : null));
    if (patch.fullName !== undefined) values.search_text = nameSearchText(patch.fullName);
    if (patch.phone !== undefined || patch.iin !== undefined || patch.idDocument !== undefined) {
      // Sealed anew together, under the active key (see `seal`).
      const current = (await this.findById(id)) as Applicant;
      Object.assign(
        values,
        seal(this.keys, {
          phone: patch.phone ?? current.phone,
          iin: patch.iin !== undefined ? patch.iin : current.iin,
          idDocument: patch.idDocument !== undefined ? patch.idDocument : current.idDocument,
        }),
      );
    }
    await this.db.updateTable('applicants').set(values).where('id', '=', id).execute();
    return (await this.findById(id)) as Applicant;
  }

  private filtered(f: ApplicantFilter) {
    let query = this.db.selectFrom('applicants').where('merged_into', 'is', null);
    if (f.scope) query = query.where(areaInScope('applicants.area_id', f.scope));
    if (f.areaId) query = query.where(areaInScope('applicants.area_id', { kind: 'area', areaId: f.areaId }));
    if (f.status) query = query.where('status', '=', f.status);
    if (f.statuses) {
      if (f.statuses.length === 0) return undefined;
      query = query.where('status', 'in', [...f.statuses]);
    }
    if (f.electionId) query = query.where('election_id', '=', f.electionId);
    if (f.availability) query = query.where('availability', 'like', `%,${f.availability},%`);
    if (f.language) query = query.where('languages', 'like', `%,${f.language},%`);
    const q = f.q?.trim() ?? '';
    if (q) {
      const digits = q.replace(/[\s\-()+]/g, '');
      if (/^\d{3,}$/.test(digits)) {
        // Phones are sealed: only a whole number is found, by its blind index (8 7xx… as +7 7xx…).
        const phone = normaliseKzMobile(q);
        if (!phone.ok) return undefined;
        query = query.where('phone_hash', 'in', this.keys.lookups(phone.e164, PHONE));
      } else {
        // LIKE wildcards are dropped rather than escaped: the two dialects escape differently.
        const words = q
          .toLowerCase()
          .replace(/ё/g, 'е')
          .replace(/[\\%_]/g, ' ')
          .split(/\s+/)
          .filter(Boolean);
        for (const word of words.slice(0, 8)) query = query.where('search_text', 'like', `%${word}%`);
      }
    }
    return query;
  }

  /** Newest first, keyset-paged on (created_at, id). */
  async search(f: ApplicantFilter): Promise<{ items: Applicant[]; total: number }> {
    const query = this.filtered(f);
    if (!query) return { items: [], total: 0 };
    const totalRow = await query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    let page = query.selectAll();
    if (f.after) {
      const at = timeValue(this.dialect, f.after.createdAt);
      const id = f.after.id;
      page = page.where((eb) =>
        eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
      );
    }
    const rows = await page
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit ?? 50)
      .execute();
    return { items: rows.map(this.toApplicant), total: Number(totalRow?.n ?? 0) };
  }

  /** Every match, oldest first (exports, batches, anonymisation). */
  async listAll(f: ApplicantFilter): Promise<Applicant[]> {
    const query = this.filtered(f);
    if (!query) return [];
    const rows = await query.selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(this.toApplicant);
  }

  /** For the public counter: everyone who signed up or was added, merged duplicates once. */
  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('applicants')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('merged_into', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Phones and IINs held by more than one live applicant (of the scope, if given), grouped in SQL on
   * their blind indexes. Rows still on a key being rotated out index differently until
   * `pollwatch rotate-keys` has moved them.
   */
  async duplicateKeys(scope: AreaScope = { kind: 'all' }): Promise<{ phones: string[]; iins: string[] }> {
    const live = () =>
      this.db
        .selectFrom('applicants')
        .where('merged_into', 'is', null)
        .where('anonymised_at', 'is', null)
        .where(areaInScope('applicants.area_id', scope));
    const phoneRows = await live()
      .select((eb) => eb.fn.min('phone').as('sealed'))
      .where('phone_hash', 'is not', null)
      .groupBy('phone_hash')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    const iinRows = await live()
      .select((eb) => eb.fn.min('iin').as('sealed'))
      .where('iin_hash', 'is not', null)
      .groupBy('iin_hash')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    return {
      phones: phoneRows.map((r) => this.keys.decrypt(String(r.sealed), 'applicants.phone')),
      iins: iinRows.map((r) => this.keys.decrypt(String(r.sealed), 'applicants.iin')),
    };
  }

  async listByKeys(
    keys: { phones?: readonly string[]; iins?: readonly string[] },
    scope: AreaScope = { kind: 'all' },
  ): Promise<Applicant[]> {
    const phones = (keys.phones ?? []).flatMap((p) => this.keys.lookups(p, PHONE));
    const iins = (keys.iins ?? []).flatMap((i) => this.keys.lookups(i, IIN));
    if (phones.length === 0 && iins.length === 0) return [];
    const rows = await this.db
      .selectFrom('applicants')
      .selectAll()
      .where('merged_into', 'is', null)
      .where(areaInScope('applicants.area_id', scope))
      .where((eb) =>
        eb.or([
          ...(phones.length ? [eb('phone_hash', 'in', phones)] : []),
          ...(iins.length ? [eb('iin_hash', 'in', iins)] : []),
        ]),
      )
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(this.toApplicant);
  }

  // ---- Key rotation ----

  /** How many rows each data key seals (null: none yet, a row the migration did not reach). */
  async keyUse(): Promise<{ keyId: string | null; rows: number }[]> {
    const rows = await this.db
      .selectFrom('applicants')
      .select(['pii_key', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy('pii_key')
      .orderBy('pii_key')
      .execute();
    return rows.map((r) => ({ keyId: r.pii_key, rows: Number(r.n) }));
  }

  /** Opens one row sealed with this key (a start-up check that the configured key is the right one). */
  async openOneSealedWith(keyId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('applicants')
      .selectAll()
      .where('pii_key', '=', keyId)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (!row) return false;
    this.toApplicant(row);
    return true;
  }

  /**
   * Re-seals up to `limit` rows not on the active key, after `afterId` in id order (a keyset page),
   * and returns how many it moved and the last id it saw. A row changed meanwhile by the server (which
   * seals with the active key too) is left as it is. Resumable: a new run starts again from the rows
   * still on old keys.
   */
  async rotatePage(afterId: string | undefined, limit: number): Promise<{ moved: number; lastId: string | undefined }> {
    const active = this.keys.activeId;
    const rows = await this.db
      .selectFrom('applicants')
      .select(['id', 'phone', 'iin', 'id_document', 'pii_key'])
      .where((eb) => eb.or([eb('pii_key', '<>', active), eb('pii_key', 'is', null)]))
      .$if(afterId !== undefined, (q) => q.where('id', '>', afterId as string))
      .orderBy('id')
      .limit(limit)
      .execute();
    let moved = 0;
    for (const row of rows) {
      const clear = {
        phone: this.keys.decrypt(row.phone, 'applicants.phone'),
        iin: row.iin === null ? null : this.keys.decrypt(row.iin, 'applicants.iin'),
        idDocument: row.id_document === null ? null : this.keys.decrypt(row.id_document, 'applicants.id_document'),
      };
      const result = await this.db
        .updateTable('applicants')
        .set(seal(this.keys, clear))
        .where('id', '=', row.id)
        .where('phone', '=', row.phone)
        .executeTakeFirst();
      moved += Number(result.numUpdatedRows);
    }
    return { moved, lastId: rows.at(-1)?.id };
  }

  /** Every applicant of an election not yet anonymised, merged duplicates included. */
  async notAnonymised(electionId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('applicants')
      .select('id')
      .where('election_id', '=', electionId)
      .where('anonymised_at', 'is', null)
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }

  // ---- History ----

  async addEvent(e: Omit<ApplicantEvent, 'actorName'>): Promise<void> {
    await this.db
      .insertInto('applicant_events')
      .values({
        id: e.id,
        applicant_id: e.applicantId,
        at: timeValue(this.dialect, e.at),
        actor_id: e.actorId,
        kind: e.kind,
        from_status: e.fromStatus,
        to_status: e.toStatus,
        text: e.text,
      })
      .execute();
  }

  async events(applicantId: string): Promise<ApplicantEvent[]> {
    const rows = await this.db
      .selectFrom('applicant_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .select([
        'e.id',
        'e.applicant_id',
        'e.at',
        'e.actor_id',
        'e.kind',
        'e.from_status',
        'e.to_status',
        'e.text',
        'u.display_name as actor_name',
      ])
      .where('e.applicant_id', '=', applicantId)
      .orderBy('e.at')
      .orderBy('e.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      applicantId: r.applicant_id,
      at: readTime(r.at),
      actorId: r.actor_id,
      actorName: r.actor_name ?? null,
      kind: r.kind as ApplicantEvent['kind'],
      fromStatus: r.from_status as ApplicantStatus | null,
      toStatus: r.to_status as ApplicantStatus | null,
      text: r.text,
    }));
  }

  async moveEvents(fromApplicantId: string, toApplicantId: string): Promise<void> {
    await this.db
      .updateTable('applicant_events')
      .set({ applicant_id: toApplicantId })
      .where('applicant_id', '=', fromApplicantId)
      .execute();
  }

  /** Notes and reasons are free text and may name people: anonymisation clears them. */
  async clearEventTexts(applicantIds: readonly string[]): Promise<void> {
    if (applicantIds.length === 0) return;
    await this.db
      .updateTable('applicant_events')
      .set({ text: null })
      .where('applicant_id', 'in', [...applicantIds])
      .execute();
  }
}
