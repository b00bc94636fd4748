import { randomBytes, randomUUID } from 'node:crypto';
import {
  type Applicant,
  DomainError,
  type Election,
  makeVerificationCode,
  normaliseVerificationCode,
  type Organisation,
  referralStatuses,
  type Station,
  type VerificationDto,
} from '@pollwatch/core';
import type { Store, StoredReferral } from '@pollwatch/db';
import { type ReferralLetterData, referralLetterDocx, referralLettersPdf } from '@pollwatch/documents';
import { type Actor, audit, scopeOf } from '../auth/actor.ts';
import { OutOfScopeError } from '../auth/out-of-scope.ts';
import { verifyCertificate } from '../school/certificate-verify.ts';
import { outsideArea } from '../territory/outside-area.ts';
import { visibleApplicant } from './applicant-scope.ts';
import { timeOrderedId } from './ordered-id.ts';

const ORGANISATION_KEY = 'organisation';

/**
 * Referral letters (направление / жолдама) on the organisation's letterhead, each with a code
 * anyone can check at /verify/<code>, and the letterhead itself (an admin setting).
 */
export class ReferralsService {
  constructor(
    private readonly store: Store,
    private readonly publicUrl: string | undefined,
    private readonly now: () => Date,
  ) {}

  async organisation(): Promise<Organisation | null> {
    return ((await this.store.settings.get(ORGANISATION_KEY)) as Organisation | undefined) ?? null;
  }

  async setOrganisation(actor: Actor, organisation: Organisation): Promise<Organisation> {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      await tx.settings.set(ORGANISATION_KEY, organisation, now);
      await audit(
        tx,
        actor,
        {
          action: 'settings.updated',
          entityType: 'settings',
          entityId: ORGANISATION_KEY,
          details: { fields: Object.keys(organisation).sort() },
        },
        now,
      );
    });
    return organisation;
  }

  /** What a letter needs that is missing, as field names (never their values). */
  private missing(applicant: Applicant, organisation: Organisation | null): string[] {
    return [...(organisation ? [] : ['organisation']), ...(applicant.idDocument ? [] : ['idDocument'])];
  }

  private async station(stationId: string): Promise<Station> {
    const station = await this.store.stations.findById(stationId);
    if (!station) throw new DomainError('not_found', 'no such station');
    return station;
  }

  async list(actor: Actor, applicantId: string): Promise<StoredReferral[]> {
    await visibleApplicant(this.store, actor, applicantId);
    return this.store.referrals.listForApplicant(applicantId);
  }

  /** Issues the letter for an accredited observer and a station (or returns the one already issued). */
  async issue(actor: Actor, applicantId: string, stationId: string, locale: 'ru' | 'kk'): Promise<StoredReferral> {
    const now = this.now();
    const organisation = await this.organisation();
    const station = await this.station(stationId);
    return this.store.transaction(async (tx) => {
      const applicant = await visibleApplicant(tx, actor, applicantId);
      if (!(await tx.stations.findById(stationId, scopeOf(actor)))) throw outsideArea('/stationId');
      return this.issueIn(tx, actor, applicant, station, locale, organisation, now);
    });
  }

  private async issueIn(
    tx: Store,
    actor: Actor,
    applicant: Applicant,
    station: Station,
    locale: 'ru' | 'kk',
    organisation: Organisation | null,
    now: Date,
  ): Promise<StoredReferral> {
    if (!referralStatuses.includes(applicant.status) || applicant.anonymisedAt) {
      throw new DomainError('applicant_not_eligible', 'letters are for accredited or active observers', {
        status: applicant.status,
      });
    }
    const missing = this.missing(applicant, organisation);
    if (missing.length) throw new DomainError('letter_details_missing', 'the letter lacks details', { missing });
    const existing = await tx.referrals.findCurrent(applicant.id, station.id, locale);
    if (existing) return existing;
    const referral = await tx.referrals.create({
      id: randomUUID(),
      code: makeVerificationCode((n) => randomBytes(n)),
      applicantId: applicant.id,
      electionId: station.electionId,
      stationId: station.id,
      locale,
      issuedBy: actor.user.id,
      issuedAt: now,
    });
    await tx.applicants.addEvent({
      id: timeOrderedId(now),
      applicantId: applicant.id,
      at: now,
      actorId: actor.user.id,
      kind: 'referral',
      fromStatus: null,
      toStatus: null,
      text: null,
    });
    await audit(
      tx,
      actor,
      {
        action: 'referral.issued',
        entityType: 'referral',
        entityId: referral.id,
        details: { applicantId: applicant.id, stationId: station.id, locale },
      },
      now,
    );
    return referral;
  }

  private async letterData(referral: StoredReferral, applicant: Applicant): Promise<ReferralLetterData> {
    const organisation = await this.organisation();
    const missing = this.missing(applicant, organisation);
    if (!organisation || missing.length) {
      throw new DomainError('letter_details_missing', 'the letter lacks details', { missing });
    }
    const station = await this.station(referral.stationId);
    const election = (await this.store.elections.findById(referral.electionId)) as Election;
    const l = referral.locale;
    return {
      locale: l,
      organisation: {
        name: organisation.name[l],
        registration: organisation.registration,
        address: organisation.address,
        contacts: organisation.contacts,
        signatoryName: organisation.signatoryName,
        signatoryTitle: organisation.signatoryTitle[l],
      },
      observerName: applicant.fullName,
      idDocument: applicant.idDocument as string,
      electionName: (l === 'kk' ? election.name.kk : undefined) || election.name.ru,
      votingDate: election.votingDate,
      station: { number: station.number, address: station.address },
      code: referral.code,
      verifyUrl: `${this.publicUrl ?? ''}/verify/${referral.code}`,
      issuedOn: referral.issuedAt.toISOString().slice(0, 10),
    };
  }

  /** One letter as PDF or DOCX; printing is audited (the letter carries an ID number). */
  async letter(actor: Actor, referralId: string, format: 'pdf' | 'docx'): Promise<Uint8Array> {
    const referral = await this.store.referrals.findById(referralId);
    if (!referral || referral.revokedAt) throw new DomainError('not_found', 'no such letter');
    // A letter of another region's observer: the letter is what was asked for, so the audit names it.
    if (!(await this.store.applicants.findById(referral.applicantId, scopeOf(actor)))) {
      throw new OutOfScopeError('referral', referral.id);
    }
    const applicant = await visibleApplicant(this.store, actor, referral.applicantId);
    const data = await this.letterData(referral, applicant);
    const bytes = format === 'pdf' ? await referralLettersPdf([data]) : await referralLetterDocx(data);
    const now = this.now();
    await this.store.transaction((tx) =>
      audit(
        tx,
        actor,
        { action: 'referral.printed', entityType: 'referral', entityId: referral.id, details: { format, count: 1 } },
        now,
      ),
    );
    return bytes;
  }

  /**
   * One PDF with a letter for every accredited or active observer of an area (in the actor's
   * scope) and each station they are assigned to in the election. Observers without an
   * assignment or an ID document are skipped and counted.
   */
  async batch(
    actor: Actor,
    electionId: string,
    areaId: string,
    locale: 'ru' | 'kk',
  ): Promise<{ pdf: Uint8Array; letters: number; skipped: number }> {
    if (!(await this.store.elections.findById(electionId))) throw new DomainError('not_found', 'no such election');
    if (!(await this.store.areas.findById(areaId))) throw new DomainError('not_found', 'no such area');
    const scope = scopeOf(actor);
    if (!(await this.store.areas.findById(areaId, scope))) throw outsideArea('/areaId');
    const organisation = await this.organisation();
    if (!organisation)
      throw new DomainError('letter_details_missing', 'the letterhead is not set', { missing: ['organisation'] });
    const applicants = await this.store.applicants.listAll({ scope, areaId, statuses: referralStatuses });
    const now = this.now();
    let skipped = 0;
    const pairs: { referral: StoredReferral; applicant: Applicant }[] = [];
    await this.store.transaction(async (tx) => {
      for (const applicant of applicants) {
        const assigned = applicant.userId
          ? await tx.assignments.list({ electionId, observerId: applicant.userId, scope })
          : [];
        const stationIds = [...new Set(assigned.map((a) => a.stationId))];
        if (stationIds.length === 0 || !applicant.idDocument || applicant.anonymisedAt) {
          skipped += 1;
          continue;
        }
        for (const stationId of stationIds) {
          const station = (await tx.stations.findById(stationId)) as Station;
          const referral = await this.issueIn(tx, actor, applicant, station, locale, organisation, now);
          pairs.push({ referral, applicant });
        }
      }
      await audit(
        tx,
        actor,
        {
          action: 'referral.printed',
          entityType: 'area',
          entityId: areaId,
          details: { format: 'pdf', count: pairs.length, skipped, electionId },
        },
        now,
      );
    });
    const data = [];
    for (const p of pairs) data.push(await this.letterData(p.referral, p.applicant));
    return { pdf: await referralLettersPdf(data), letters: pairs.length, skipped };
  }

  /** Public: validity and nothing beyond the observer's name, the election and the station. */
  async verify(input: string): Promise<VerificationDto> {
    const code = normaliseVerificationCode(input);
    const referral = code ? await this.store.referrals.findByCode(code) : undefined;
    if (!referral && code) return verifyCertificate(this.store, code);
    if (!referral || referral.revokedAt) return { valid: false };
    const applicant = await this.store.applicants.findById(referral.applicantId);
    if (!applicant || applicant.anonymisedAt || !referralStatuses.includes(applicant.status)) return { valid: false };
    const station = await this.store.stations.findById(referral.stationId);
    const election = await this.store.elections.findById(referral.electionId);
    if (!station || !election) return { valid: false };
    return {
      valid: true,
      observerName: applicant.fullName,
      election: election.name,
      station: { number: station.number, address: station.address },
      issuedAt: referral.issuedAt.toISOString(),
    };
  }
}
