import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApplicantEventSchema,
  ApplicantIdParamsSchema,
  ApplicantInviteSchema,
  ApplicantNoteBodySchema,
  ApplicantResponseSchema,
  ApplicantSchema,
  ApplicantStatusBodySchema,
  ApplicantsExportQuerySchema,
  ApplicantsPageSchema,
  ApplicantsQuerySchema,
  BatchLettersBodySchema,
  BulkStatusBodySchema,
  BulkStatusResultSchema,
  DuplicatesSchema,
  ErrorResponseSchema,
  formatInviteCode,
  IssueInviteBodySchema,
  IssueReferralBodySchema,
  JoinAcceptedSchema,
  JoinBodySchema,
  JoinTokenSchema,
  LetterQuerySchema,
  MergeBodySchema,
  normaliseInviteCode,
  OrganisationResponseSchema,
  OrganisationSchema,
  PublicStatsSchema,
  ReferralResponseSchema,
  ReferralsListSchema,
  UpdateApplicantBodySchema,
  VerificationSchema,
  VerifyParamsSchema,
} from '@pollwatch/core';
import { Type } from 'typebox';
import { sendDownload } from '../http/downloads.ts';
import { requireActor } from '../http/request-context.ts';
import {
  toApplicantDto,
  toApplicantEventDto,
  toApplicantSummaryDto,
  toReferralDto,
} from '../recruitment/applicant-dto.ts';
import type { ApplicantsService } from '../recruitment/applicants.service.ts';
import type { JoinService } from '../recruitment/join.service.ts';
import type { ReferralsService } from '../recruitment/referrals.service.ts';

const errors = {
  400: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  422: ErrorResponseSchema,
  429: ErrorResponseSchema,
};

/** Recruitment: the public join form and counter, /verify, the HQ pipeline and referral letters. */
export const recruitmentRoutes: FastifyPluginAsyncTypebox<{
  join: JoinService;
  applicants: ApplicantsService;
  referrals: ReferralsService;
}> = async (app, { join, applicants, referrals }) => {
  // ---- Public ----
  app.get(
    '/api/v1/join/token',
    {
      schema: {
        tags: ['recruitment'],
        summary: 'A signed timestamp for the join form: send it back with the sign-up',
        response: { 200: JoinTokenSchema },
      },
    },
    async (_request, reply) => reply.header('Cache-Control', 'no-store').send(await join.issueToken()),
  );

  app.post(
    '/api/v1/join',
    {
      schema: {
        tags: ['recruitment'],
        summary: 'Sign up as a volunteer. A repeated phone gets the same answer and changes nothing.',
        body: JoinBodySchema,
        response: { 202: JoinAcceptedSchema, ...errors },
      },
    },
    async (request, reply) => {
      await join.join(request.body, request.ip);
      return reply.status(202).send({ status: 'received' as const });
    },
  );

  app.get(
    '/api/v1/public/stats',
    {
      schema: { tags: ['recruitment'], summary: 'Public counter of volunteers', response: { 200: PublicStatsSchema } },
    },
    async () => ({ applicants: await join.publicCount() }),
  );

  app.get(
    '/api/v1/verify/:code',
    {
      schema: {
        tags: ['recruitment'],
        summary: "Check a referral letter's code: validity, the observer's name, the election and station",
        params: VerifyParamsSchema,
        response: { 200: VerificationSchema },
      },
    },
    async (request) => referrals.verify(request.params.code),
  );

  app.get(
    '/api/v1/me/applicant',
    {
      schema: {
        tags: ['recruitment'],
        summary: "An observer's own applicant record",
        response: { 200: ApplicantResponseSchema, 404: ErrorResponseSchema },
      },
    },
    async (request) => {
      const { applicant, events } = await applicants.mine(requireActor(request.actor));
      return { applicant: toApplicantDto(applicant), events: events.map(toApplicantEventDto) };
    },
  );

  // ---- The HQ pipeline ----
  app.get(
    '/api/v1/applicants',
    {
      schema: {
        tags: ['recruitment'],
        summary: 'Applicants in the caller’s scope, newest first, with filters and search; keyset-paged',
        querystring: ApplicantsQuerySchema,
        response: { 200: ApplicantsPageSchema, ...errors },
      },
    },
    async (request) => {
      const page = await applicants.list(requireActor(request.actor), request.query);
      return { ...page, items: page.items.map(toApplicantSummaryDto) };
    },
  );

  app.get(
    '/api/v1/applicants/export',
    {
      schema: {
        tags: ['recruitment'],
        summary: 'The roster as CSV or XLSX in the import columns, formula-safe; audited',
        querystring: ApplicantsExportQuerySchema,
      },
    },
    async (request, reply) => {
      const { stream, format } = await applicants.export(requireActor(request.actor), request.query);
      return sendDownload(reply, { name: 'applicants', format }, stream);
    },
  );

  app.get(
    '/api/v1/applicants/duplicates',
    {
      schema: {
        tags: ['recruitment'],
        summary: 'Applicants sharing a phone or an IIN',
        response: { 200: DuplicatesSchema },
      },
    },
    async (request) => ({
      groups: (await applicants.duplicates(requireActor(request.actor))).map((g) => ({
        reason: g.reason,
        applicants: g.applicants.map(toApplicantSummaryDto),
      })),
    }),
  );

  app.post(
    '/api/v1/applicants/status',
    {
      schema: {
        tags: ['recruitment'],
        summary: 'Change the status of many applicants; each that cannot move is listed with why',
        body: BulkStatusBodySchema,
        response: { 200: BulkStatusResultSchema, ...errors },
      },
    },
    async (request) =>
      applicants.bulkStatus(requireActor(request.actor), request.body.ids, request.body.status, request.body.reason),
  );

  app.get(
    '/api/v1/applicants/:id',
    {
      schema: {
        tags: ['recruitment'],
        summary: 'A full record with its history; every view is audited',
        params: ApplicantIdParamsSchema,
        response: { 200: ApplicantResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { applicant, events } = await applicants.get(requireActor(request.actor), request.params.id);
      return { applicant: toApplicantDto(applicant), events: events.map(toApplicantEventDto) };
    },
  );

  app.patch(
    '/api/v1/applicants/:id',
    {
      schema: {
        tags: ['recruitment'],
        summary: 'Correct an applicant’s details (e.g. the ID document number for the letter)',
        params: ApplicantIdParamsSchema,
        body: UpdateApplicantBodySchema,
        response: { 200: Type.Object({ applicant: ApplicantSchema }), ...errors },
      },
    },
    async (request) => ({
      applicant: toApplicantDto(await applicants.update(requireActor(request.actor), request.params.id, request.body)),
    }),
  );

  app.post(
    '/api/v1/applicants/:id/status',
    {
      schema: {
        tags: ['recruitment'],
        summary: 'Move an applicant along the pipeline (a reason is required to reject or step back)',
        params: ApplicantIdParamsSchema,
        body: ApplicantStatusBodySchema,
        response: { 200: Type.Object({ applicant: ApplicantSchema }), ...errors },
      },
    },
    async (request) => ({
      applicant: toApplicantDto(
        await applicants.changeStatus(
          requireActor(request.actor),
          request.params.id,
          request.body.status,
          request.body.reason,
        ),
      ),
    }),
  );

  app.post(
    '/api/v1/applicants/:id/notes',
    {
      schema: {
        tags: ['recruitment'],
        params: ApplicantIdParamsSchema,
        body: ApplicantNoteBodySchema,
        response: { 201: Type.Object({ events: Type.Array(ApplicantEventSchema) }), ...errors },
      },
    },
    async (request, reply) => {
      const events = await applicants.addNote(requireActor(request.actor), request.params.id, request.body.text);
      return reply.status(201).send({ events: events.map(toApplicantEventDto) });
    },
  );

  app.post(
    '/api/v1/applicants/:id/merge',
    {
      schema: {
        tags: ['recruitment'],
        summary: 'Merge a duplicate into this applicant (this record’s values win; empty ones are filled)',
        params: ApplicantIdParamsSchema,
        body: MergeBodySchema,
        response: { 200: Type.Object({ applicant: ApplicantSchema }), ...errors },
      },
    },
    async (request) => ({
      applicant: toApplicantDto(
        await applicants.merge(requireActor(request.actor), request.params.id, request.body.duplicateId),
      ),
    }),
  );

  app.post(
    '/api/v1/applicants/:id/invite',
    {
      schema: {
        tags: ['recruitment'],
        summary: 'Make the observer account of a certified applicant and issue its sign-in code (shown once)',
        params: ApplicantIdParamsSchema,
        body: IssueInviteBodySchema,
        response: { 201: ApplicantInviteSchema, ...errors },
      },
    },
    async (request, reply) => {
      const result = await applicants.invite(requireActor(request.actor), request.params.id, {
        replaceSession: request.body?.replaceSession,
      });
      const code = formatInviteCode(normaliseInviteCode(result.code));
      return reply.status(201).send({
        applicant: toApplicantDto(result.applicant),
        userId: result.userId,
        invite: {
          code,
          path: `/invite#${normaliseInviteCode(result.code)}`,
          expiresAt: result.expiresAt.toISOString(),
        },
      });
    },
  );

  // ---- Referral letters ----
  app.get(
    '/api/v1/applicants/:id/referrals',
    {
      schema: {
        tags: ['recruitment'],
        params: ApplicantIdParamsSchema,
        response: { 200: ReferralsListSchema, ...errors },
      },
    },
    async (request) => ({
      items: (await referrals.list(requireActor(request.actor), request.params.id)).map(toReferralDto),
    }),
  );

  app.post(
    '/api/v1/applicants/:id/referrals',
    {
      schema: {
        tags: ['recruitment'],
        summary: 'Issue the referral letter for a station (the same one again if already issued)',
        params: ApplicantIdParamsSchema,
        body: IssueReferralBodySchema,
        response: { 201: ReferralResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const referral = await referrals.issue(
        requireActor(request.actor),
        request.params.id,
        request.body.stationId,
        request.body.locale ?? 'ru',
      );
      return reply.status(201).send({ referral: toReferralDto(referral) });
    },
  );

  app.get(
    '/api/v1/referrals/:id/letter',
    {
      schema: {
        tags: ['recruitment'],
        summary: 'The letter as PDF (default) or DOCX',
        params: ApplicantIdParamsSchema,
        querystring: LetterQuerySchema,
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'pdf';
      const bytes = await referrals.letter(requireActor(request.actor), request.params.id, format);
      return sendDownload(reply, { name: 'referral', format }, Buffer.from(bytes));
    },
  );

  app.post(
    '/api/v1/elections/:id/referrals/batch',
    {
      schema: {
        tags: ['recruitment'],
        summary: 'One PDF of letters for every accredited observer of an area and each assigned station',
        params: ApplicantIdParamsSchema,
        body: BatchLettersBodySchema,
      },
    },
    async (request, reply) => {
      const result = await referrals.batch(
        requireActor(request.actor),
        request.params.id,
        request.body.areaId,
        request.body.locale ?? 'ru',
      );
      reply.header('X-Letters', String(result.letters)).header('X-Skipped', String(result.skipped));
      return sendDownload(reply, { name: 'referrals', format: 'pdf' }, Buffer.from(result.pdf));
    },
  );

  app.get(
    '/api/v1/settings/organisation',
    {
      schema: {
        tags: ['settings'],
        summary: 'The letterhead of referral letters',
        response: { 200: OrganisationResponseSchema },
      },
    },
    async () => ({ organisation: await referrals.organisation() }),
  );

  app.put(
    '/api/v1/settings/organisation',
    {
      schema: {
        tags: ['settings'],
        body: OrganisationSchema,
        response: { 200: OrganisationResponseSchema, ...errors },
      },
    },
    async (request) => ({
      organisation: await referrals.setOrganisation(requireActor(request.actor), request.body),
    }),
  );
};
