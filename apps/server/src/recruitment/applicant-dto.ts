import type {
  Applicant,
  ApplicantDto,
  ApplicantEvent,
  ApplicantEventDto,
  ApplicantSummaryDto,
  ReferralDto,
} from '@pollwatch/core';
import type { StoredReferral } from '@pollwatch/db';

export function toApplicantSummaryDto(a: Applicant): ApplicantSummaryDto {
  return {
    id: a.id,
    electionId: a.electionId,
    fullName: a.fullName,
    phone: a.phone,
    areaId: a.areaId,
    languages: a.languages,
    availability: a.availability,
    status: a.status,
    locale: a.locale,
    userId: a.userId,
    source: a.source,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function toApplicantDto(a: Applicant): ApplicantDto {
  return {
    ...toApplicantSummaryDto(a),
    email: a.email,
    iin: a.iin,
    birthDate: a.birthDate,
    experience: a.experience,
    referralSource: a.referralSource,
    consentVersion: a.consentVersion,
    consentedAt: a.consentedAt?.toISOString() ?? null,
    statusReason: a.statusReason,
    idDocument: a.idDocument,
    anonymisedAt: a.anonymisedAt?.toISOString() ?? null,
  };
}

export function toApplicantEventDto(e: ApplicantEvent): ApplicantEventDto {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorName: e.actorName,
    kind: e.kind,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    text: e.text,
  };
}

export function toReferralDto(r: StoredReferral): ReferralDto {
  return {
    id: r.id,
    applicantId: r.applicantId,
    electionId: r.electionId,
    stationId: r.stationId,
    locale: r.locale,
    code: r.code,
    issuedAt: r.issuedAt.toISOString(),
  };
}
