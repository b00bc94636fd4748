import { localized } from '@pollwatch/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { territoryApi } from '../territory/territory-api.ts';
import { useAreas } from '../territory/territory-queries.ts';

export interface StationRef {
  number: number;
  regionId: string;
}

/**
 * Station id → number and region for the whole election, read page by page: the quick-count sample
 * and the comparison name stations by id, and a number alone is ambiguous (each region numbers its
 * own stations).
 */
export function useStationIndex(electionId: string, enabled = true) {
  return useQuery({
    queryKey: ['stations', electionId, 'index'],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const index = new Map<string, StationRef>();
      let after: string | null = null;
      do {
        const page = await territoryApi.stations(electionId, { limit: 500, ...(after !== null && { after }) });
        for (const s of page.items) index.set(s.id, { number: s.number, regionId: s.regionId });
        after = page.nextCursor;
      } while (after !== null);
      return index;
    },
  });
}

/** Area id → its name in the UI language (the id while the areas load). */
export function useAreaNames(electionId: string): (areaId: string) => string {
  const areas = useAreas(electionId);
  const locale = currentLocale();
  return useMemo(() => {
    const names = new Map((areas.data?.items ?? []).map((a) => [a.id, localized(a.name, locale)]));
    return (areaId: string) => names.get(areaId) ?? '';
  }, [areas.data, locale]);
}
