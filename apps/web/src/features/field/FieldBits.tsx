import { type ReportFlag, reportFlagCodes } from '@pollwatch/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type OfflineReadiness, offlineReadiness } from './offline-readiness.ts';
import type { OutboxError } from './outbox-model.ts';
import { electionOf } from './pack.ts';
import { checkpointReminder, type DueStatus, stationZone } from './schedule.ts';
import { useField, useNow } from './use-field.ts';

/** Small pieces the field app's screens share. */

export function StatusBadge({ status }: { status: DueStatus | 'sending' | 'accepted' }) {
  const { t } = useTranslation();
  return (
    <span className="fa-badge" data-status={status}>
      {t(`field.status.${status}`)}
    </span>
  );
}

/** The server's reason for a refusal, in the observer's language. */
export function reasonText(t: TFunction, error: OutboxError): string {
  if (error.code === 'network') return t('problems.network');
  const translate = t as unknown as (key: string) => string;
  const key = `errors.${error.code}`;
  const text = translate(key);
  return text === key ? t('problems.unexpected') : text;
}

export function FlagList({ flags }: { flags: readonly ReportFlag[] }) {
  const { t } = useTranslation();
  const known = flags.filter((f) => (reportFlagCodes as readonly string[]).includes(f.code));
  if (known.length === 0) return null;
  const codes = [...new Set(known.map((f) => f.code))];
  return (
    <div className="fa-flags">
      <p className="fa-muted">{t('field.flagsTitle')}</p>
      <ul>
        {codes.map((code) => (
          <li key={code}>{t(`field.flags.${code}`)}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * What the observer must know before anything else: storage that may be cleared, a session that
 * ended, no connection, the turnout checkpoint that has come, and whether the phone is ready to work
 * offline.
 */
export function FieldBanners() {
  const { t, i18n } = useTranslation();
  const { pack, snapshot, persistence } = useField();
  const now = useNow();
  const data = pack.pack;
  const reminders: { stationId: string; number: number; checkpoint: string }[] = [];
  if (data) {
    for (const station of data.stations) {
      const election = electionOf(data, station);
      if (!election) continue;
      const shifts = data.assignments.filter((a) => a.stationId === station.id).map((a) => a.shift);
      if (!shifts.includes('voting_day')) continue;
      const reported = new Set(
        snapshot.entries
          .filter((e) => e.stationId === station.id && e.formKind === 'turnout')
          .map((e) => e.answers.checkpoint_time)
          .filter((c): c is string => typeof c === 'string'),
      );
      const checkpoint = checkpointReminder(now, stationZone(station, election), election, reported);
      if (checkpoint) reminders.push({ stationId: station.id, number: station.number, checkpoint });
    }
  }
  const fetchedAt = pack.fetchedAt ? new Date(pack.fetchedAt) : null;
  const readiness = useOfflineReadiness();
  return (
    <>
      {reminders.map((r) => (
        <div key={r.stationId} className="fa-reminder" role="status">
          <p>{t('field.reminder', { time: r.checkpoint, number: r.number })}</p>
          <Link
            className="button button-primary"
            to={`/app/stations/${r.stationId}/new/turnout?checkpoint=${encodeURIComponent(r.checkpoint)}`}
          >
            {t('field.reminderAction')}
          </Link>
        </div>
      ))}
      {snapshot.needsSignIn && (
        <div className="alert alert-error" role="alert">
          <p>{t('field.needsSignIn')}</p>
        </div>
      )}
      {!snapshot.online && (
        <div className="alert alert-info" role="status">
          <p>{t('field.offline')}</p>
          {data && fetchedAt && readiness !== 'ready' && (
            <p className="fa-muted">
              {t('field.packCached', {
                time: fetchedAt.toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' }),
              })}
            </p>
          )}
        </div>
      )}
      {persistence === 'refused' && (
        <div className="alert alert-info" role="status">
          <p>{t('field.storageRefused')}</p>
        </div>
      )}
      <OfflineStatus readiness={readiness} />
    </>
  );
}

/** Whether the app would open on this phone with no signal (see `offline-readiness.ts`). */
export function useOfflineReadiness(): OfflineReadiness {
  const { pack, snapshot, worker } = useField();
  const packStored = pack.storedAt === undefined ? null : pack.storedAt !== null;
  return offlineReadiness({ worker, packStored, online: snapshot.online, storageFailed: pack.storageFailed });
}

const READINESS_ICONS: Record<Exclude<OfflineReadiness, 'unknown'>, string> = {
  ready: 'M5 12.5l4.5 4.5L19 7.5',
  preparing: 'M12 3a9 9 0 1 1-9 9',
  needsConnection: 'M12 7.5v5.5M12 16.5v.5',
  onlineOnly: 'M12 7.5v5.5M12 16.5v.5',
  storageUnavailable: 'M12 7.5v5.5M12 16.5v.5',
};

/**
 * One small line: preparing for offline work, ready (and when the data was last stored), or that
 * this browser needs the connection to open the app. A polite live region, there from the start, so
 * that the change to "ready" is announced.
 */
export function OfflineStatus({ readiness }: { readiness: OfflineReadiness }) {
  const { t, i18n } = useTranslation();
  const { pack } = useField();
  const storedAt = readiness === 'ready' && pack.storedAt ? new Date(pack.storedAt) : null;
  return (
    <p className="fa-ready" role="status" aria-live="polite" data-readiness={readiness}>
      {readiness !== 'unknown' && (
        <>
          <svg className="fa-ready-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            {readiness !== 'preparing' && <circle cx="12" cy="12" r="9.5" />}
            <path d={READINESS_ICONS[readiness]} />
          </svg>
          <span>
            <span className="fa-ready-label">{t(`field.readiness.${readiness}`)}</span>
            {storedAt && (
              <span className="fa-ready-detail">
                {' · '}
                {t('field.readiness.updatedAt', {
                  time: storedAt.toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' }),
                })}
              </span>
            )}
          </span>
        </>
      )}
    </p>
  );
}
