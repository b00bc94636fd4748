import type { UserDto } from '@pollwatch/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog.tsx';
import { Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';
import type { ChannelLinkView } from './channels-api.ts';
import { useMyLinks, useTelegramLink, useUnlink, useUserLinks } from './channels-queries.ts';
import { SmsCards } from './SmsCards.tsx';
import './channels.css';

const DATE: Intl.DateTimeFormatOptions = { dateStyle: 'medium' };

/** The linked Telegram chats and SMS numbers (masked), each with "unlink". */
function LinkList({
  links,
  userId,
  onUnlinked,
}: {
  links: ChannelLinkView[];
  userId: string | null;
  onUnlinked?: (channels: string[]) => void;
}) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat(DATE);
  const unlink = useUnlink(userId);
  return (
    <>
      <ProblemAlert error={unlink.error} />
      {links.length === 0 ? (
        <p className="muted" data-testid="no-channel-links">
          {t('channels.links.none')}
        </p>
      ) : (
        <ul className="channel-links">
          {links.map((link) => (
            <li key={`${link.channel}-${link.addressMask}`} data-channel={link.channel}>
              <span>
                {t(`channels.channel.${link.channel === 'sms' ? 'sms' : 'telegram'}`)}{' '}
                <span className="mono">{link.addressMask}</span>
              </span>
              <span className="muted">{t('channels.links.since', { date: formatDate(link.createdAt) })}</span>
              <button
                type="button"
                className="button button-small button-quiet"
                disabled={unlink.isPending}
                onClick={() =>
                  unlink.mutate([link.channel === 'sms' ? 'sms' : 'telegram'], {
                    onSuccess: (r) => onUnlinked?.(r.unlinked),
                  })
                }
              >
                {t('channels.links.unlink')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The console's button beside an observer: their channel links, unlinked when a phone is lost. */
export function ChannelLinksButton({ user }: { user: UserDto }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button button-small button-quiet"
        data-action="channel-links"
        onClick={() => setOpen(true)}
      >
        {t('channels.links.button')}
      </button>
      {open && <UserLinksDialog user={user} onClose={() => setOpen(false)} />}
    </>
  );
}

function UserLinksDialog({ user, onClose }: { user: UserDto; onClose: () => void }) {
  const { t } = useTranslation();
  const links = useUserLinks(user.id);
  return (
    <Dialog title={t('channels.links.title', { name: user.displayName })} onClose={onClose}>
      <p className="muted">{t('channels.links.coordinatorNote')}</p>
      {links.isPending ? (
        <Loading />
      ) : (
        <>
          <ProblemAlert error={links.error} />
          <LinkList links={links.data?.links ?? []} userId={user.id} />
        </>
      )}
      <SmsCards observerId={user.id} />
      <div className="dialog-actions">
        <button type="button" className="button button-quiet" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}

/** The field app's section: link Telegram with a one-time code, see the links, unlink a lost phone. */
export function FieldChannelLinks() {
  const { t } = useTranslation();
  const links = useMyLinks();
  const telegram = useTelegramLink();
  const [done, setDone] = useState<string[] | null>(null);
  return (
    <section className="card panel" aria-labelledby="channel-links-title">
      <h2 id="channel-links-title">{t('channels.links.fieldTitle')}</h2>
      <p className="muted">{t('channels.links.fieldIntro')}</p>
      {links.isPending ? <Loading /> : <LinkList links={links.data?.links ?? []} userId={null} onUnlinked={setDone} />}
      {done && (
        <p role="status" data-testid="channels-unlinked">
          {t('channels.links.unlinked')}
        </p>
      )}
      <ProblemAlert error={telegram.error ?? links.error} />
      {telegram.data ? (
        <div className="telegram-code">
          <p>{t('channels.links.sendCode')}</p>
          <p className="mono" data-testid="telegram-code">
            /start {telegram.data.code}
          </p>
          {telegram.data.link && (
            <a className="button button-secondary" href={telegram.data.link} rel="noopener noreferrer" target="_blank">
              {t('channels.links.openTelegram')}
            </a>
          )}
        </div>
      ) : (
        <button
          type="button"
          className="button button-secondary"
          disabled={telegram.isPending}
          onClick={() => telegram.mutate()}
        >
          {t('channels.links.linkTelegram')}
        </button>
      )}
    </section>
  );
}
