import { type ChannelMessageView, can } from '@pollwatch/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { SelectField, TextField } from '../../components/FormField.tsx';
import { ListView, MorePaging } from '../../components/ListView.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import type { MessageFilters } from './channels-api.ts';
import { useMessages } from './channels-queries.ts';
import { SmsCards } from './SmsCards.tsx';
import './channels.css';

const TIME: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'medium' };

interface Draft {
  channel: '' | 'sms' | 'telegram';
  status: '' | 'accepted' | 'refused' | 'error';
  observer: string;
  station: string;
  from: string;
  to: string;
}

const none: Draft = { channel: '', status: '', observer: '', station: '', from: '', to: '' };

function toFilters(d: Draft): MessageFilters {
  return {
    channel: d.channel || undefined,
    status: d.status || undefined,
    observer: d.observer.trim() || undefined,
    station: /^\d+$/.test(d.station.trim()) ? d.station.trim() : undefined,
    from: d.from || undefined,
    to: d.to || undefined,
  };
}

/** The HQ's message log (issue 22): every SMS and Telegram message in and out, in the actor's area. */
/**
 * The status word of one log line. A reply or notice we sent is logged as accepted by the gateway;
 * for the HQ it was sent, not "accepted" (that word is for an observer's report the HQ took).
 */
function messageStatusKey(m: ChannelMessageView): 'accepted' | 'sent' | 'refused' | 'error' {
  if (m.status === 'error') return 'error';
  if (m.status === 'accepted') return m.direction === 'out' ? 'sent' : 'accepted';
  return 'refused';
}

export function MessagesPage() {
  const me = useStaffUser();
  if (!can(me.role, 'channels.read')) return <NoAccess />;
  return <MessageLog />;
}

function MessageLog() {
  const { t } = useTranslation();
  useDocumentTitle(t('channels.title'));
  const formatTime = useDateTimeFormat(TIME);
  const [draft, setDraft] = useState<Draft>(none);
  const [applied, setApplied] = useState<Draft>(none);
  const messages = useMessages(toFilters(applied));
  const rows = messages.data?.pages.flatMap((p) => p.items) ?? [];
  const total = messages.data?.pages[0]?.total ?? 0;
  const filtered = Object.values(applied).some(Boolean);
  const set = (field: keyof Draft) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: event.target.value }));

  function apply(event: FormEvent) {
    event.preventDefault();
    setApplied(draft);
  }

  const columns: Column<ChannelMessageView>[] = [
    {
      id: 'time',
      header: t('channels.columns.time'),
      rowHeader: true,
      cell: (m) => <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>,
    },
    {
      id: 'channel',
      header: t('channels.columns.channel'),
      // Incoming points at us (←), outgoing away (→); the arrow is a picture, the word is read out.
      cell: (m) => {
        const direction = m.direction === 'in' ? 'in' : 'out';
        return (
          <>
            {t(`channels.channel.${m.channel === 'sms' ? 'sms' : 'telegram'}`)}{' '}
            <span aria-hidden="true" title={t(`channels.direction.${direction}`)}>
              {direction === 'in' ? '←' : '→'}
            </span>
            <span className="visually-hidden">{t(`channels.direction.${direction}`)}</span>
          </>
        );
      },
    },
    { id: 'sender', header: t('channels.columns.sender'), cell: (m) => <span className="mono">{m.senderMask}</span> },
    { id: 'observer', header: t('channels.columns.observer'), cell: (m) => m.observerName ?? t('common.none') },
    {
      id: 'station',
      header: t('channels.columns.station'),
      cell: (m) => (m.stationNumber === null ? t('common.none') : String(m.stationNumber)),
    },
    {
      id: 'status',
      header: t('channels.columns.status'),
      cell: (m) => (
        <span className={`badge badge-message-${m.status}`}>{t(`channels.status.${messageStatusKey(m)}`)}</span>
      ),
    },
    { id: 'text', header: t('channels.columns.text'), className: 'cell-message', cell: (m) => m.text },
  ];

  return (
    <>
      <header className="page-header">
        <PageHeading>{t('channels.title')}</PageHeading>
        <p className="muted">{t('channels.intro')}</p>
      </header>
      <SmsCards />
      <search>
        <form className="filters filters-messages" onSubmit={apply}>
          <SelectField
            id="messages-channel"
            label={t('channels.columns.channel')}
            value={draft.channel}
            onChange={set('channel')}
          >
            <option value="">{t('channels.any')}</option>
            <option value="sms">{t('channels.channel.sms')}</option>
            <option value="telegram">{t('channels.channel.telegram')}</option>
          </SelectField>
          <SelectField
            id="messages-status"
            label={t('channels.columns.status')}
            value={draft.status}
            onChange={set('status')}
          >
            <option value="">{t('channels.any')}</option>
            <option value="accepted">{t('channels.status.accepted')}</option>
            <option value="refused">{t('channels.status.refused')}</option>
            <option value="error">{t('channels.status.error')}</option>
          </SelectField>
          <TextField
            id="messages-observer"
            label={t('channels.columns.observer')}
            value={draft.observer}
            onChange={set('observer')}
          />
          <TextField
            id="messages-station"
            label={t('channels.columns.station')}
            inputMode="numeric"
            value={draft.station}
            onChange={set('station')}
          />
          <TextField
            id="messages-from"
            type="date"
            label={t('channels.from')}
            value={draft.from}
            onChange={set('from')}
          />
          <TextField id="messages-to" type="date" label={t('channels.to')} value={draft.to} onChange={set('to')} />
          <div className="filters-actions">
            <button type="submit" className="button button-secondary">
              {t('channels.apply')}
            </button>
          </div>
        </form>
      </search>
      <ListView
        query={messages}
        count={rows.length}
        filtered={filtered}
        empty={t('channels.empty')}
        noMatch={t('channels.noMatch')}
        caption={t('channels.shown', { shown: rows.length, total })}
        paging={<MorePaging query={messages} more={t('channels.more')} />}
      >
        <DataTable
          className="table table-cards table-messages"
          columns={columns}
          rows={rows}
          rowKey={(m) => m.id}
          rowProps={(m) => ({ 'data-status': m.status })}
        />
      </ListView>
    </>
  );
}
