import { type Static, Type } from 'typebox';
import { roles } from '../access/roles.ts';
import { auditActions, auditEntityTypes } from '../audit/audit-actions.ts';
import { PASSWORD_MAX_LENGTH } from '../auth/password-limits.ts';
import { errorCodes } from '../errors/error-codes.ts';
import { locales } from '../i18n/locales.ts';
import { closed, literalUnion } from './schema-helpers.ts';

/**
 * Request and response schemas of /api/v1, shared by the server (validation, OpenAPI) and the web
 * app (types). Objects reject unknown fields so a typo in a client is an error, not silence.
 */

export const RoleSchema = literalUnion(roles);
export const LocaleSchema = literalUnion(locales);
export const UserStatusSchema = literalUnion(['active', 'disabled'] as const);
export const IdSchema = Type.String({ format: 'uuid' });
export const EmailSchema = Type.String({ format: 'email', maxLength: 254 });
export const PasswordSchema = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });
export const DisplayNameSchema = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
export const IsoTimeSchema = Type.String({ format: 'date-time' });

export const ErrorResponseSchema = Type.Object(
  {
    error: Type.Object({
      code: literalUnion(errorCodes),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ErrorResponse' },
);

export const UserSchema = Type.Object(
  {
    id: IdSchema,
    role: RoleSchema,
    email: Type.Union([Type.String(), Type.Null()]),
    displayName: Type.String(),
    locale: LocaleSchema,
    status: UserStatusSchema,
    createdAt: IsoTimeSchema,
    /**
     * The area of the account: for a regional coordinator, the area they work in (their scope); for
     * an observer, the area they were placed in; null for the whole country or not placed.
     */
    areaId: Type.Optional(Type.Union([IdSchema, Type.Null()])),
  },
  { $id: 'User' },
);
export type UserDto = Static<typeof UserSchema>;

export const SessionResponseSchema = Type.Object({ user: UserSchema });
export type SessionResponse = Static<typeof SessionResponseSchema>;

export const SetupStatusSchema = Type.Object({ needed: Type.Boolean() });
export type SetupStatus = Static<typeof SetupStatusSchema>;

export const SetupBodySchema = Type.Object(
  {
    email: EmailSchema,
    displayName: DisplayNameSchema,
    password: PasswordSchema,
    locale: Type.Optional(LocaleSchema),
  },
  closed,
);
export type SetupBody = Static<typeof SetupBodySchema>;

export const SignInBodySchema = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: PasswordSchema,
  },
  closed,
);
export type SignInBody = Static<typeof SignInBodySchema>;

/** Invite codes are typed by hand on a phone: case and dashes/spaces are forgiven. */
export const InviteSignInBodySchema = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64 }),
  },
  closed,
);
export type InviteSignInBody = Static<typeof InviteSignInBodySchema>;

export const UpdateMeBodySchema = Type.Object(
  {
    displayName: Type.Optional(DisplayNameSchema),
    locale: Type.Optional(LocaleSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMeBody = Static<typeof UpdateMeBodySchema>;

export const ChangePasswordBodySchema = Type.Object(
  {
    currentPassword: PasswordSchema,
    newPassword: PasswordSchema,
  },
  closed,
);
export type ChangePasswordBody = Static<typeof ChangePasswordBodySchema>;

export const UsersQuerySchema = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    status: Type.Optional(UserStatusSchema),
    q: Type.Optional(Type.String({ maxLength: 200 })),
  },
  closed,
);
export type UsersQuery = Static<typeof UsersQuerySchema>;

export const UsersListSchema = Type.Object({ items: Type.Array(UserSchema) });
export type UsersList = Static<typeof UsersListSchema>;

export const CreateUserBodySchema = Type.Object(
  {
    role: RoleSchema,
    displayName: DisplayNameSchema,
    email: Type.Optional(EmailSchema),
    password: Type.Optional(PasswordSchema),
    locale: Type.Optional(LocaleSchema),
    /**
     * The account's area. An admin or HQ coordinator may name any area (or none). A regional
     * coordinator's new observer goes into this area, which must lie in their own subtree
     * (`outside_area` otherwise), or into the coordinator's own area when none is named.
     */
    areaId: Type.Optional(Type.Union([IdSchema, Type.Null()])),
  },
  closed,
);
export type CreateUserBody = Static<typeof CreateUserBodySchema>;

export const UpdateUserBodySchema = Type.Object(
  {
    displayName: Type.Optional(DisplayNameSchema),
    role: Type.Optional(RoleSchema),
    status: Type.Optional(UserStatusSchema),
    locale: Type.Optional(LocaleSchema),
    /** Set by an admin: the area the account works in (staff) or is placed in (observer); null for none. */
    areaId: Type.Optional(Type.Union([IdSchema, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBodySchema>;

export const UserIdParamsSchema = Type.Object({ id: IdSchema }, closed);

/**
 * Optional body of `POST /users/:id/invites`. An observer signed in somewhere (an unexpired
 * session) gets a new code only with `replaceSession: true`, which ends those sessions at once
 * (a lost phone); otherwise the answer is 409 `observer_has_session` and nothing changes.
 */
export const IssueInviteBodySchema = Type.Union([
  Type.Object({ replaceSession: Type.Optional(Type.Boolean()) }, closed),
  // No body at all (what clients sent before) passes as null.
  Type.Null(),
]);
export type IssueInviteBody = Static<typeof IssueInviteBodySchema>;

/** Returned once, to the coordinator who issued it: the server keeps only a hash. */
export const InviteIssuedSchema = Type.Object({
  code: Type.String(),
  /** Path of the sign-in page with the code in the fragment, which never reaches a server log. */
  path: Type.String(),
  expiresAt: IsoTimeSchema,
});
export type InviteIssued = Static<typeof InviteIssuedSchema>;

export const AuditQuerySchema = Type.Object(
  {
    actorId: Type.Optional(IdSchema),
    action: Type.Optional(literalUnion(auditActions)),
    entityType: Type.Optional(literalUnion(auditEntityTypes)),
    entityId: Type.Optional(Type.String({ maxLength: 100 })),
    outcome: Type.Optional(literalUnion(['ok', 'refused'] as const)),
    from: Type.Optional(IsoTimeSchema),
    to: Type.Optional(IsoTimeSchema),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  closed,
);
export type AuditQuery = Static<typeof AuditQuerySchema>;

export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: IsoTimeSchema,
  actorId: Type.Union([IdSchema, Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  actorRole: Type.Union([RoleSchema, Type.Null()]),
  action: Type.String(),
  entityType: Type.Union([Type.String(), Type.Null()]),
  entityId: Type.Union([Type.String(), Type.Null()]),
  outcome: literalUnion(['ok', 'refused'] as const),
  details: Type.Unknown(),
});
export type AuditEntryDto = Static<typeof AuditEntrySchema>;

export const AuditPageSchema = Type.Object({
  items: Type.Array(AuditEntrySchema),
  /** Pass as `before` to get the next (older) page; null on the last page. */
  nextCursor: Type.Union([Type.Integer(), Type.Null()]),
});
export type AuditPage = Static<typeof AuditPageSchema>;

export const HealthSchema = Type.Object({ status: Type.String() });
