import { randomUUID } from 'node:crypto';
import {
  type CreateReferenceNoteBody,
  DomainError,
  type LocalizedText,
  NOTES_PER_ELECTION_MAX,
  type ReferenceNote,
  type ReorderReferenceNotesBody,
  type UpdateReferenceNoteBody,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { type Actor, audit } from '../auth/actor.ts';
import type { FieldPackService } from '../reports/field-pack.ts';

/** Trimmed; a blank kk or en is dropped, so the reader falls back to ru. */
function cleanText(text: LocalizedText): LocalizedText {
  const kk = text.kk?.trim();
  const en = text.en?.trim();
  return { ru: text.ru.trim(), ...(kk ? { kk } : {}), ...(en ? { en } : {}) };
}

/** Reference notes of an election: written by the HQ, read by observers offline. */
export class ReferenceNotesService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly fieldPack: FieldPackService,
  ) {}

  async list(electionId: string): Promise<ReferenceNote[]> {
    await this.election(this.store, electionId);
    return this.store.referenceNotes.list(electionId);
  }

  /** The notes of the observer's field-pack elections, for the field app to cache offline. */
  async ofFieldPack(actor: Actor): Promise<ReferenceNote[]> {
    const notes: ReferenceNote[] = [];
    for (const electionId of await this.fieldPack.packElectionIds(actor.user.id)) {
      notes.push(...(await this.store.referenceNotes.list(electionId)));
    }
    return notes;
  }

  async create(actor: Actor, electionId: string, body: CreateReferenceNoteBody): Promise<ReferenceNote> {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      await this.election(tx, electionId);
      const existing = await tx.referenceNotes.list(electionId);
      if (existing.length >= NOTES_PER_ELECTION_MAX) {
        throw new DomainError('validation_failed', 'an election has at most 100 reference notes', [
          { in: 'params', path: '/id', keyword: 'maxItems' },
        ]);
      }
      const position = Math.max(0, ...existing.map((n) => n.position)) + 1;
      const note = await tx.referenceNotes.create(
        { id: randomUUID(), electionId, position, title: cleanText(body.title), body: cleanText(body.body) },
        actor.user.id,
        now,
      );
      await audit(
        tx,
        actor,
        { action: 'reference_note.created', entityType: 'reference_note', entityId: note.id, details: { electionId } },
        now,
      );
      return note;
    });
  }

  async update(actor: Actor, id: string, body: UpdateReferenceNoteBody): Promise<ReferenceNote> {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      if (!(await tx.referenceNotes.findById(id))) throw new DomainError('not_found', 'no such reference note');
      await tx.referenceNotes.update(
        id,
        {
          ...(body.title && { title: cleanText(body.title) }),
          ...(body.body && { body: cleanText(body.body) }),
        },
        now,
      );
      await audit(
        tx,
        actor,
        {
          action: 'reference_note.updated',
          entityType: 'reference_note',
          entityId: id,
          details: { fields: Object.keys(body).sort() },
        },
        now,
      );
      return (await tx.referenceNotes.findById(id)) as ReferenceNote;
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      const note = await tx.referenceNotes.findById(id);
      if (!note) throw new DomainError('not_found', 'no such reference note');
      await tx.referenceNotes.delete(id);
      // The rest close the gap: positions stay 1, 2, 3…
      const rest = await tx.referenceNotes.list(note.electionId);
      for (const [index, n] of rest.entries()) {
        if (n.position !== index + 1) await tx.referenceNotes.setPosition(n.id, index + 1);
      }
      await audit(tx, actor, { action: 'reference_note.deleted', entityType: 'reference_note', entityId: id }, now);
    });
  }

  /** `ids` must be every note of the election, each once, in the new order. */
  async reorder(actor: Actor, electionId: string, body: ReorderReferenceNotesBody): Promise<ReferenceNote[]> {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      await this.election(tx, electionId);
      const notes = await tx.referenceNotes.list(electionId);
      const known = new Set(notes.map((n) => n.id));
      if (body.ids.length !== notes.length || !body.ids.every((id) => known.has(id))) {
        throw new DomainError('validation_failed', 'list every note of the election once', [
          { in: 'body', path: '/ids', keyword: 'notes' },
        ]);
      }
      for (const [index, id] of body.ids.entries()) await tx.referenceNotes.setPosition(id, index + 1);
      await audit(
        tx,
        actor,
        {
          action: 'reference_note.reordered',
          entityType: 'election',
          entityId: electionId,
          details: { notes: body.ids.length },
        },
        now,
      );
      return tx.referenceNotes.list(electionId);
    });
  }

  private async election(store: Store, electionId: string) {
    const election = await store.elections.findById(electionId);
    if (!election) throw new DomainError('not_found', 'no such election');
    return election;
  }
}
