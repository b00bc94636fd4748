import type { FieldPack, FormDefinition, StationDto } from '@pollwatch/core';

export type PackElection = NonNullable<FieldPack['election']>;

/**
 * Every election of the pack, the leading one first: two on a day with two elections at the same
 * stations. A pack cached before packs held several has its one `election`.
 */
export function packElections(pack: FieldPack): PackElection[] {
  if (pack.elections && pack.elections.length > 0) return pack.elections;
  return pack.election ? [pack.election] : [];
}

/** The election a station of the pack belongs to. */
export function electionOf(pack: FieldPack, station: Pick<StationDto, 'electionId'>): PackElection | undefined {
  return packElections(pack).find((e) => e.id === station.electionId);
}

/** The published form of `kind` for a station: its own election's (forms of older packs are the one election's). */
export function formOfKind(pack: FieldPack, station: Pick<StationDto, 'electionId'>, kind: string) {
  const found = pack.forms.find((f) => f.kind === kind && (f.electionId ?? pack.election?.id) === station.electionId);
  return found ? { ...found, definition: found.definition as FormDefinition } : undefined;
}
