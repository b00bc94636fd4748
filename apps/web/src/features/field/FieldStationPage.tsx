import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { FieldBanners, StatusBadge } from './FieldBits.tsx';
import { FieldFollowUps } from './FieldFollowUps.tsx';
import { latestOf } from './outbox-model.ts';
import { electionOf } from './pack.ts';
import { type DueItem, dueItems, dueStatus, entriesFor, type Phase } from './schedule.ts';
import { stationLocalTime, useField, useNow } from './use-field.ts';

/** `/app/stations/:stationId`: the reports due at one station, by phase, with their state. */
export function FieldStationPage() {
  const { t } = useTranslation();
  const { stationId } = useParams();
  const { pack, snapshot } = useField();
  const now = useNow();
  const data = pack.pack;
  const station = data?.stations.find((s) => s.id === stationId);
  const election = data && station ? electionOf(data, station) : undefined;
  useDocumentTitle(station ? t('field.stationNumber', { number: station.number }) : t('field.stationsTitle'));

  if (!data || !station || !election) {
    return (
      <>
        <Link to="/app" className="back-link">
          {t('field.backHome')}
        </Link>
        <PageHeading>{t('field.stationsTitle')}</PageHeading>
        <p>{t('field.stationMissing')}</p>
      </>
    );
  }
  const shifts = data.assignments.filter((a) => a.stationId === station.id).map((a) => a.shift);
  const items = dueItems(shifts, election);
  const phases: Phase[] = ['monitoring', 'voting_day'];
  const title = (item: DueItem) =>
    item.checkpoint ? t('field.turnoutAt', { time: item.checkpoint }) : t(`forms.kinds.${item.kind}`);
  const incidents = [
    ...new Set(
      snapshot.entries.filter((e) => e.stationId === station.id && e.formKind === 'incident').map((e) => e.id),
    ),
  ]
    .map((id) => latestOf(snapshot.entries, id))
    .filter((e) => e !== undefined);
  const local = stationLocalTime(now, station, data);

  return (
    <>
      <Link to="/app" className="back-link">
        {t('field.backHome')}
      </Link>
      <PageHeading>{t('field.stationNumber', { number: station.number })}</PageHeading>
      <p className="fa-address">{station.address}</p>
      <p className="fa-muted">
        {t('field.shift', { shifts: shifts.map((s) => t(`shifts.${s}`)).join(', ') })}
        {station.registeredVoters !== null && (
          <>
            {' · '}
            {t('field.registered', { count: station.registeredVoters })}
          </>
        )}
        {' · '}
        {t('field.localTime', { time: local.time })}
      </p>
      <FieldBanners />
      <FieldFollowUps stationId={station.id} />
      {phases.map((phase) => {
        const inPhase = items.filter((i) => i.phase === phase);
        if (inPhase.length === 0) return null;
        return (
          <section key={phase} className="fa-section" aria-labelledby={`fa-phase-${phase}`}>
            <h2 id={`fa-phase-${phase}`}>{t(`field.phases.${phase}`)}</h2>
            <ul className="fa-list">
              {inPhase.map((item) => {
                const entries = entriesFor(snapshot.entries, station.id, item);
                const status = dueStatus(entries);
                const latest = entries.at(-1);
                const query = item.checkpoint ? `?checkpoint=${encodeURIComponent(item.checkpoint)}` : '';
                return (
                  <li key={item.key} className="fa-card fa-due" data-due={item.key} data-status={status}>
                    <span className="fa-due-title">{title(item)}</span>
                    <StatusBadge status={status} />
                    {latest ? (
                      <Link className="button button-secondary button-small" to={`/app/reports/${latest.id}`}>
                        {t('field.open')}
                        <span className="visually-hidden">: {title(item)}</span>
                      </Link>
                    ) : (
                      <Link
                        className="button button-primary button-small"
                        to={`/app/stations/${station.id}/new/${item.kind}${query}`}
                      >
                        {t('field.fill')}
                        <span className="visually-hidden">: {title(item)}</span>
                      </Link>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      <section className="fa-section" aria-labelledby="fa-phase-any">
        <h2 id="fa-phase-any">{t('field.other')}</h2>
        <ul className="fa-list">
          {incidents.map((e) => (
            <li key={e.id} className="fa-card fa-due" data-status={e.state}>
              <span className="fa-due-title">
                {t('forms.kinds.incident')}{' '}
                {new Date(e.clientTime).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
              </span>
              <StatusBadge status={e.state === 'accepted' ? 'done' : e.state === 'sending' ? 'queued' : e.state} />
              <Link className="button button-secondary button-small" to={`/app/reports/${e.id}`}>
                {t('field.open')}
              </Link>
            </li>
          ))}
        </ul>
        <Link className="button button-secondary" to={`/app/stations/${station.id}/new/incident`}>
          {t('field.reportIncident')}
        </Link>
      </section>
    </>
  );
}
