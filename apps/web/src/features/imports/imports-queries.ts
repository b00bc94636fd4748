import type { ImportOptionsBody } from '@pollwatch/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { importKeys } from './imports.keys.ts';
import { importsApi } from './imports-api.ts';

/**
 * The dry run of an uploaded file under the chosen options: it follows every change of the mapping,
 * encoding or separator and writes nothing. Off once the import is applied.
 */
export function useImportDryRun(importId: string | undefined, body: ImportOptionsBody | null, enabled: boolean) {
  return useQuery({
    queryKey: importKeys.dryRun(importId, body),
    queryFn: () => importsApi.dryRun(importId ?? '', body ?? { mapping: {} }),
    enabled: Boolean(importId && body) && enabled,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
    retry: false,
    placeholderData: keepPreviousData,
  });
}
