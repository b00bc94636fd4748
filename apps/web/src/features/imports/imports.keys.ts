import type { ImportOptionsBody } from '@pollwatch/core';

/** Query keys of the import wizard: a dry run is a query of the uploaded file and the chosen options. */
export const importKeys = {
  all: ['imports'] as const,
  dryRun: (importId: string | undefined, body: ImportOptionsBody | null) =>
    ['imports', 'dry-run', importId, body] as const,
};
