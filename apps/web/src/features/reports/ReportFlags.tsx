import type { ReportFlag } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { flagDetail, flagLabel } from './report-text.ts';

/**
 * A report's flags as badges; `detailed` adds each flag's particulars (which check, which numbers),
 * naming questions by `questionLabel` where the form's labels are at hand.
 */
export function ReportFlags({
  flags,
  detailed = false,
  questionLabel,
}: {
  flags: readonly ReportFlag[];
  detailed?: boolean;
  questionLabel?: (id: string) => string | undefined;
}) {
  const { t } = useTranslation();
  if (flags.length === 0) return <span className="muted lr-no-flags">{t('liveReports.noFlags')}</span>;
  return (
    <ul className="lr-flags">
      {flags.map((flag, index) => {
        const detail = flagDetail(t, flag, questionLabel);
        return (
          // Flags repeat a code with another ref: the position keeps the keys apart.
          // biome-ignore lint/suspicious/noArrayIndexKey: flags are a fixed list per revision
          <li key={`${flag.code}-${index}`} data-flag={flag.code}>
            <span className="badge badge-flag" title={detail ?? undefined}>
              {flagLabel(t, flag)}
            </span>
            {detailed && detail && <span className="lr-flag-detail">{detail}</span>}
          </li>
        );
      })}
    </ul>
  );
}
