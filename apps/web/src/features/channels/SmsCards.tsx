import { localized } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useCurrentElection } from '../elections/elections-queries.ts';
import { useForms } from '../forms/forms-queries.ts';
import { channelsApi } from './channels-api.ts';

/** Printable SMS cards of the current election's published forms, in Russian and Kazakh. */
export function SmsCards({ observerId }: { observerId?: string }) {
  const { election } = useCurrentElection();
  return election ? <SmsCardList electionId={election.id} observerId={observerId} /> : null;
}

function SmsCardList({ electionId, observerId }: { electionId: string; observerId?: string | undefined }) {
  const { t } = useTranslation();
  const forms = useForms(electionId);
  const locale = currentLocale();
  const published = (forms.data?.items ?? []).filter((f) => f.publishedVersion !== null);
  if (published.length === 0) return null;
  return (
    <details className="sms-cards">
      <summary>{t('channels.cards.title')}</summary>
      <p className="muted">{t('channels.cards.intro')}</p>
      <ul className="sms-card-list">
        {published.map((f) => (
          <li key={f.id}>
            <span>{localized(f.title, locale)}</span>{' '}
            <a href={channelsApi.smsCardUrl(f.id, 'ru', observerId)} download>
              {t('channels.cards.ru')}
            </a>{' '}
            <a href={channelsApi.smsCardUrl(f.id, 'kk', observerId)} download>
              {t('channels.cards.kk')}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
