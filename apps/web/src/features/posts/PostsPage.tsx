import { can, localized, type PostDto, postStatuses } from '@pollwatch/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { ListView } from '../../components/ListView.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { usePosts, usePostWrites, usePublicDashboards } from './posts-queries.ts';
import './posts.css';

/** A post's state as the editor reads it: published with a later time is "scheduled". */
export function postState(post: PostDto): 'draft' | 'submitted' | 'published' | 'scheduled' {
  if (post.status === 'published' && !post.isPublic) return 'scheduled';
  return post.status;
}

/** `/hq/posts`: the public site's posts, and each election's public dashboard switch. */
export function PostsPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  useDocumentTitle(t('posts.title'));
  if (!can(me.role, 'posts.manage')) return <NoAccess />;
  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <PageHeading>{t('posts.title')}</PageHeading>
          <p className="muted">{t('posts.intro')}</p>
        </div>
        <div className="header-buttons">
          <Link to="/hq/posts/new" className="button button-primary" data-action="new-post">
            {t('posts.newPost')}
          </Link>
        </div>
      </header>
      <PostsList />
      <DashboardsPanel />
    </>
  );
}

function PostsList() {
  const { t, i18n } = useTranslation();
  const filterId = useId();
  const [status, setStatus] = useState('');
  const posts = usePosts(status);
  const items = posts.data?.items ?? [];
  const columns: Column<PostDto>[] = [
    {
      id: 'title',
      header: t('posts.columns.title'),
      rowHeader: true,
      cell: (p) => (
        <Link to={`/hq/posts/${p.id}`} lang={p.language}>
          {p.title}
        </Link>
      ),
    },
    { id: 'language', header: t('posts.columns.language'), cell: (p) => t(`language.names.${p.language}`) },
    {
      id: 'kind',
      header: t('posts.columns.kind'),
      cell: (p) => (
        <>
          {t(`posts.kinds.${p.kind}`)}
          {p.fromObserver && <span className="muted"> · {t('posts.fromObserver')}</span>}
        </>
      ),
    },
    {
      id: 'status',
      header: t('posts.columns.status'),
      cell: (p) => (
        <span className="post-status" data-status={postState(p)}>
          {t(`posts.statuses.${postState(p)}`)}
        </span>
      ),
    },
    {
      id: 'updated',
      header: t('posts.columns.updated'),
      cell: (p) => new Date(p.updatedAt).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }),
    },
  ];
  return (
    <section aria-labelledby={`${filterId}-h`} className="posts-section">
      <h2 id={`${filterId}-h`} className="visually-hidden">
        {t('posts.title')}
      </h2>
      <div className="posts-filter">
        <SelectField id={filterId} label={t('posts.filter')} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('posts.all')}</option>
          {postStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`posts.statuses.${s}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <ListView query={posts} count={items.length} empty={<p className="muted">{t('posts.empty')}</p>}>
        <DataTable
          className="table table-cards posts-table"
          caption={t('posts.title')}
          columns={columns}
          rows={items}
          rowKey={(p) => p.id}
          rowProps={(p) => ({ 'data-post-id': p.id, 'data-status': postState(p) })}
        />
      </ListView>
    </section>
  );
}

function DashboardsPanel() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const headingId = useId();
  const dashboards = usePublicDashboards();
  const writes = usePostWrites();
  const items = dashboards.data?.items ?? [];
  return (
    <section className="card posts-dashboards" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('posts.dashboards.title')}</h2>
      <p className="muted">{t('posts.dashboards.intro')}</p>
      <ProblemAlert error={writes.dashboard.error} />
      <ListView query={dashboards} count={items.length} empty={<p className="muted">{t('posts.dashboards.empty')}</p>}>
        <ul className="posts-dashboard-list">
          {items.map((d) => {
            const name = localized(d.electionName, locale);
            return (
              <li key={d.electionId} data-election-id={d.electionId} data-published={d.published || undefined}>
                <div>
                  <strong>{name}</strong> <span className="muted">{d.votingDate}</span>
                  <p className="post-status" data-status={d.published ? 'published' : 'draft'}>
                    {d.published ? t('posts.dashboards.published') : t('posts.dashboards.notPublished')}
                  </p>
                  {d.published && d.slug && (
                    <a href={`/dashboard/${d.slug}`} target="_blank" rel="noreferrer">
                      {t('posts.dashboards.open')}
                    </a>
                  )}
                </div>
                <div className="posts-dashboard-actions">
                  {d.published && (
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        checked={d.quickCountPublished}
                        disabled={writes.dashboard.isPending}
                        onChange={(e) =>
                          writes.dashboard.mutate({
                            electionId: d.electionId,
                            body: { published: true, quickCountPublished: e.target.checked },
                          })
                        }
                      />{' '}
                      {t('posts.dashboards.quickCount')}
                    </label>
                  )}
                  {d.published && (
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        checked={d.resolutionPublished}
                        disabled={writes.dashboard.isPending}
                        onChange={(e) =>
                          writes.dashboard.mutate({
                            electionId: d.electionId,
                            body: { published: true, resolutionPublished: e.target.checked },
                          })
                        }
                      />{' '}
                      {t('posts.dashboards.resolution')}
                    </label>
                  )}
                  <button
                    type="button"
                    className={d.published ? 'button' : 'button button-primary'}
                    disabled={writes.dashboard.isPending}
                    aria-label={`${d.published ? t('posts.dashboards.unpublish') : t('posts.dashboards.publish')}: ${name}`}
                    onClick={() =>
                      writes.dashboard.mutate({ electionId: d.electionId, body: { published: !d.published } })
                    }
                  >
                    {d.published ? t('posts.dashboards.unpublish') : t('posts.dashboards.publish')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      </ListView>
    </section>
  );
}
