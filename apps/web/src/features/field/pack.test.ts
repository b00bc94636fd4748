import type { FieldPack } from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import { electionOf, formOfKind, packElections } from './pack.ts';

const PARLIAMENT = '0190a5b0-0000-7000-8000-00000000000a';
const COUNCIL = '0190a5b0-0000-7000-8000-00000000000b';

function election(id: string, name: string) {
  return { id, name: { ru: name } } as unknown as NonNullable<FieldPack['election']>;
}

function form(electionId: string | undefined, kind: string, formId: string) {
  return { ...(electionId ? { electionId } : {}), formId, kind, version: 1, definition: { groups: [] } };
}

describe('the field pack of several elections', () => {
  const pack = {
    election: election(PARLIAMENT, 'Мажилис'),
    elections: [election(PARLIAMENT, 'Мажилис'), election(COUNCIL, 'Маслихат')],
    assignments: [],
    stations: [],
    forms: [form(PARLIAMENT, 'opening', 'f-parliament'), form(COUNCIL, 'opening', 'f-council')],
  } as unknown as FieldPack;

  it('finds each station its own election and its own election’s form of a kind', () => {
    expect(packElections(pack).map((e) => e.id)).toEqual([PARLIAMENT, COUNCIL]);
    expect(electionOf(pack, { electionId: COUNCIL })?.id).toBe(COUNCIL);
    expect(formOfKind(pack, { electionId: COUNCIL }, 'opening')?.formId).toBe('f-council');
    expect(formOfKind(pack, { electionId: PARLIAMENT }, 'opening')?.formId).toBe('f-parliament');
    expect(formOfKind(pack, { electionId: PARLIAMENT }, 'protocol')).toBeUndefined();
    expect(electionOf(pack, { electionId: '0190a5b0-0000-7000-8000-00000000000c' })).toBeUndefined();
  });

  it('reads a pack cached before packs held several elections as its one election', () => {
    const old = {
      election: election(PARLIAMENT, 'Мажилис'),
      assignments: [],
      stations: [],
      forms: [form(undefined, 'opening', 'f-old')],
    } as unknown as FieldPack;
    expect(packElections(old).map((e) => e.id)).toEqual([PARLIAMENT]);
    expect(formOfKind(old, { electionId: PARLIAMENT }, 'opening')?.formId).toBe('f-old');
    expect(formOfKind(old, { electionId: COUNCIL }, 'opening')).toBeUndefined();
    expect(packElections({ ...old, election: null })).toEqual([]);
  });
});
