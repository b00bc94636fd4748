import { type Static, Type } from 'typebox';
import { NOTE_BODY_MAX, NOTE_TITLE_MAX } from '../reference/reference-note.ts';
import { closed } from './schema-helpers.ts';
import { IdSchema, IsoTimeSchema } from './schemas.ts';

/** Reference notes for observers: HQ-edited short articles per election, cached in the field pack. */

const text = (max: number) =>
  Type.Object(
    {
      ru: Type.String({ minLength: 1, maxLength: max, pattern: '\\S' }),
      kk: Type.Optional(Type.String({ maxLength: max })),
      en: Type.Optional(Type.String({ maxLength: max })),
    },
    closed,
  );
export const NoteTitleSchema = text(NOTE_TITLE_MAX);
export const NoteBodySchema = text(NOTE_BODY_MAX);

export const ReferenceNoteSchema = Type.Object(
  {
    id: IdSchema,
    electionId: IdSchema,
    position: Type.Integer(),
    title: NoteTitleSchema,
    body: NoteBodySchema,
    createdAt: IsoTimeSchema,
    updatedAt: IsoTimeSchema,
  },
  { $id: 'ReferenceNote' },
);
export type ReferenceNoteDto = Static<typeof ReferenceNoteSchema>;
export const ReferenceNotesListSchema = Type.Object({ items: Type.Array(ReferenceNoteSchema) });
export const ReferenceNoteResponseSchema = Type.Object({ note: ReferenceNoteSchema });

/** A new note goes last; `title.ru` and `body.ru` are required, kk and en fall back to them. */
export const CreateReferenceNoteBodySchema = Type.Object({ title: NoteTitleSchema, body: NoteBodySchema }, closed);
export type CreateReferenceNoteBody = Static<typeof CreateReferenceNoteBodySchema>;
export const UpdateReferenceNoteBodySchema = Type.Object(
  { title: Type.Optional(NoteTitleSchema), body: Type.Optional(NoteBodySchema) },
  { ...closed, minProperties: 1 },
);
export type UpdateReferenceNoteBody = Static<typeof UpdateReferenceNoteBodySchema>;
/** Every note of the election, in the new order. */
export const ReorderReferenceNotesBodySchema = Type.Object(
  { ids: Type.Array(IdSchema, { maxItems: 100, uniqueItems: true }) },
  closed,
);
export type ReorderReferenceNotesBody = Static<typeof ReorderReferenceNotesBodySchema>;
