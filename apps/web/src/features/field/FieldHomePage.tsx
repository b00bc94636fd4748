import { isLocale, localized, type StationDto } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { Loading } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { FieldBanners, StatusBadge } from './FieldBits.tsx';
import { FieldFollowUps } from './FieldFollowUps.tsx';
import { type PackElection, packElections } from './pack.ts';
import { dueItems, dueStatus, entriesFor } from './schedule.ts';
import { useField } from './use-field.ts';

/** A map pin: where the observer will be sent. */
const STATION_ICON = 'M24 42s-13-12.4-13-22a13 13 0 0 1 26 0c0 9.6-13 22-13 22zM24 25a5 5 0 1 0 0-10 5 5 0 0 0 0 10z';

/** `/app`: the observer's stations, each with its shift and how many of its reports are done. */
export function FieldHomePage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('field.stationsTitle'));
  const { user, pack, snapshot } = useField();
  const locale = isLocale(i18n.language) ? i18n.language : 'ru';
  const data = pack.pack;
  const elections = data ? packElections(data) : [];
  // Two elections on one day: each election's stations under its name.
  const several = elections.length > 1;

  const stationCard = (station: StationDto, election: PackElection) => {
    const shifts = (data?.assignments ?? []).filter((a) => a.stationId === station.id).map((a) => a.shift);
    const items = dueItems(shifts, election);
    const statuses = items.map((item) => dueStatus(entriesFor(snapshot.entries, station.id, item)));
    const done = statuses.filter((s) => s === 'done').length;
    const worst = statuses.includes('attention')
      ? 'attention'
      : statuses.includes('queued')
        ? 'queued'
        : done === items.length && items.length > 0
          ? 'done'
          : 'todo';
    return (
      <li key={station.id}>
        <Link to={`/app/stations/${station.id}`} className="fa-card fa-station-card">
          <span className="fa-station-number">{t('field.stationNumber', { number: station.number })}</span>
          <span className="fa-station-address">{station.address}</span>
          <span className="fa-muted">
            {t('field.shift', { shifts: shifts.map((s) => t(`shifts.${s}`)).join(', ') })}
          </span>
          <span className="fa-progress">
            <StatusBadge status={worst} />
            <span className="fa-muted">
              {done} / {items.length}
            </span>
          </span>
        </Link>
      </li>
    );
  };

  return (
    <>
      <PageHeading className="field-greeting">{t('observer.greeting', { name: user.displayName })}</PageHeading>
      {elections.length > 0 && (
        <p className="muted">{elections.map((election) => localized(election.name, locale)).join(' · ')}</p>
      )}
      <FieldBanners />
      <FieldFollowUps />
      {!data && pack.loading && <Loading />}
      {!data && !pack.loading && (
        <div className="alert alert-info" role="status">
          <p>{t('field.noPack')}</p>
        </div>
      )}
      {data && data.assignments.length === 0 && (
        <EmptyState icon={STATION_ICON} title={t('observer.emptyTitle')}>
          <p>{t('observer.emptyBody')}</p>
        </EmptyState>
      )}
      {data && data.assignments.length > 0 && elections.length > 0 && (
        <section aria-labelledby="fa-stations-title" className="fa-section">
          <h2 id="fa-stations-title">{t('field.stationsTitle')}</h2>
          {elections.map((election) => {
            const stations = data.stations.filter((station) => station.electionId === election.id);
            if (stations.length === 0) return null;
            const list = (
              <ul key={election.id} className="fa-list">
                {stations.map((station) => stationCard(station, election))}
              </ul>
            );
            return several ? (
              <section key={election.id} className="fa-election" data-election-id={election.id}>
                <h3>{localized(election.name, locale)}</h3>
                {list}
              </section>
            ) : (
              list
            );
          })}
        </section>
      )}
    </>
  );
}
