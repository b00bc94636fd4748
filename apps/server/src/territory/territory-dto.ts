import type { AreaDto, ElectionDto, Station, StationDto } from '@pollwatch/core';
import type { ElectionWithCurrent } from '../elections/elections.service.ts';
import type { AreaWithCounts } from './areas.service.ts';

export function toElectionDto(e: ElectionWithCurrent): ElectionDto {
  return { ...e, createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString() };
}

export function toAreaDto(a: AreaWithCounts): AreaDto {
  return a;
}

export function toStationDto(s: Station): StationDto {
  return { ...s, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() };
}
