import type { Verdict } from '@pollwatch/analytics';
import type { ProtocolRelation } from '@pollwatch/core';

/** The quick count's verdicts, translated as `quickCount.verdicts.<verdict>`. */
export const verdicts = ['inside', 'outside', 'unknown'] as const satisfies readonly Verdict[];

/** How serious a failed protocol relation is, translated as `results.checks.severity.<severity>`. */
export const relationSeverities = ['error', 'warning'] as const satisfies readonly ProtocolRelation['severity'][];
