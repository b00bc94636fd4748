import {
  type AuthorKind,
  can,
  POST_BODY_MAX,
  POST_LEAD_MAX,
  POST_TITLE_MAX,
  type PostDto,
  type PostKind,
  type PostLanguage,
  postLanguages,
} from '@pollwatch/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { postState } from './PostsPage.tsx';
import { usePost, usePostWrites } from './posts-queries.ts';
import './posts.css';

/** `/hq/posts/new` (optionally a translation: `?translationOf=<id>&language=kk`) and `/hq/posts/:id`. */
export function PostEditorPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  const { id } = useParams();
  const post = usePost(id);
  useDocumentTitle(id ? (post.data?.post.title ?? t('posts.title')) : t('posts.newPost'));
  if (!can(me.role, 'posts.manage')) return <NoAccess />;
  if (!id) return <PostForm key="new" post={null} />;
  if (post.isPending) return <Loading />;
  if (post.isError) return <LoadError error={post.error} onRetry={() => void post.refetch()} />;
  return <PostForm key={post.data.post.id} post={post.data.post} />;
}

function localInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function PostForm({ post }: { post: PostDto | null }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const writes = usePostWrites();
  const uid = useId();
  const translationOf = post ? undefined : (search.get('translationOf') ?? undefined);
  const askedLanguage = search.get('language');
  const [language, setLanguage] = useState<PostLanguage>(
    post?.language ??
      ((postLanguages as readonly string[]).includes(askedLanguage ?? '') ? (askedLanguage as PostLanguage) : 'ru'),
  );
  const [kind, setKind] = useState<PostKind>(post?.kind ?? 'statement');
  const [title, setTitle] = useState(post?.title ?? '');
  const [lead, setLead] = useState(post?.lead ?? '');
  const [body, setBody] = useState(post?.body ?? '');
  const [tags, setTags] = useState((post?.tags ?? []).join(', '));
  const [authorKind, setAuthorKind] = useState<AuthorKind>(post?.authorKind ?? 'organisation');
  const [authorName, setAuthorName] = useState(post?.authorName ?? '');
  const [authorConsent, setAuthorConsent] = useState(post?.authorConsent ?? false);
  const [coverAlt, setCoverAlt] = useState(post?.coverAlt ?? '');
  const [publishAt, setPublishAt] = useState(localInput(post?.publishAt ?? null));
  const [notice, setNotice] = useState<string | null>(null);
  const [cover, setCover] = useState<File | null>(null);

  const fields = {
    kind,
    title,
    lead,
    body,
    tags: tags
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    authorKind,
    authorName: authorKind === 'named' ? authorName : null,
    authorConsent: authorKind === 'named' && authorConsent,
    coverAlt: coverAlt || null,
  };
  const error =
    writes.create.error ?? writes.update.error ?? writes.publish.error ?? writes.unpublish.error ?? writes.cover.error;
  const pending =
    writes.create.isPending ||
    writes.update.isPending ||
    writes.publish.isPending ||
    writes.unpublish.isPending ||
    writes.cover.isPending;

  function save(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    if (!post) {
      writes.create.mutate(
        { ...fields, language, ...(translationOf ? { translationOf } : {}) },
        { onSuccess: ({ post: created }) => navigate(`/hq/posts/${created.id}`, { replace: true }) },
      );
      return;
    }
    writes.update.mutate({ id: post.id, body: fields }, { onSuccess: () => setNotice(t('posts.saved')) });
  }

  function publish(at?: string) {
    if (!post) return;
    setNotice(null);
    writes.update.mutate(
      { id: post.id, body: fields },
      {
        onSuccess: () =>
          writes.publish.mutate(
            { id: post.id, body: at ? { publishAt: new Date(at).toISOString() } : {} },
            {
              onSuccess: ({ post: p }) =>
                setNotice(
                  p.isPublic
                    ? t('posts.publishedNotice')
                    : t('posts.scheduledNotice', {
                        time: new Date(p.publishAt ?? '').toLocaleString(i18n.language),
                      }),
                ),
            },
          ),
      },
    );
  }

  const state = post ? postState(post) : 'draft';
  const missing = post
    ? postLanguages.filter((l) => l !== post.language && !post.translations.some((x) => x.language === l))
    : [];

  return (
    <>
      <header className="page-header">
        <p>
          <Link to="/hq/posts">{t('posts.actions.back')}</Link>
        </p>
        <PageHeading>{post ? post.title : translationOf ? t('posts.newTranslation') : t('posts.newPost')}</PageHeading>
        {post && (
          <p className="post-status" data-status={state}>
            {t(`posts.statuses.${state}`)}
            {post.fromObserver && <span className="muted"> · {t('posts.fromObserver')}</span>}
          </p>
        )}
      </header>
      {notice && (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}
      <ProblemAlert error={error} />
      <div className="post-editor">
        <form className="card post-form" onSubmit={save} noValidate>
          <div className="post-form-row">
            <SelectField
              id={`${uid}-language`}
              label={t('posts.fields.language')}
              value={language}
              disabled={Boolean(post)}
              onChange={(e) => setLanguage(e.target.value as PostLanguage)}
            >
              {postLanguages.map((l) => (
                <option key={l} value={l}>
                  {t(`language.names.${l}`)}
                </option>
              ))}
            </SelectField>
            <SelectField
              id={`${uid}-kind`}
              label={t('posts.fields.kind')}
              value={kind}
              onChange={(e) => setKind(e.target.value as PostKind)}
            >
              <option value="statement">{t('posts.kinds.statement')}</option>
              <option value="opinion">{t('posts.kinds.opinion')}</option>
            </SelectField>
          </div>
          <TextField
            id={`${uid}-title`}
            label={t('posts.fields.title')}
            value={title}
            maxLength={POST_TITLE_MAX}
            required
            lang={language}
            onChange={(e) => setTitle(e.target.value)}
          />
          <TextAreaField
            id={`${uid}-lead`}
            label={t('posts.fields.lead')}
            value={lead}
            rows={2}
            maxLength={POST_LEAD_MAX}
            lang={language}
            onChange={(e) => setLead(e.target.value)}
          />
          <TextAreaField
            id={`${uid}-body`}
            label={t('posts.fields.body')}
            hint={t('posts.fields.bodyHint')}
            value={body}
            rows={12}
            maxLength={POST_BODY_MAX}
            required
            lang={language}
            onChange={(e) => setBody(e.target.value)}
          />
          <TextField
            id={`${uid}-tags`}
            label={t('posts.fields.tags')}
            hint={t('posts.fields.tagsHint')}
            value={tags}
            onChange={(e) => setTags(e.target.value)}
          />
          <fieldset className="post-author">
            <legend>{t('posts.fields.author')}</legend>
            <label className="checkbox">
              <input
                type="radio"
                name={`${uid}-author`}
                checked={authorKind === 'organisation'}
                onChange={() => setAuthorKind('organisation')}
              />{' '}
              {t('posts.fields.authorOrganisation')}
            </label>
            <label className="checkbox">
              <input
                type="radio"
                name={`${uid}-author`}
                checked={authorKind === 'named'}
                onChange={() => setAuthorKind('named')}
              />{' '}
              {t('posts.fields.authorNamed')}
            </label>
            {authorKind === 'named' && (
              <>
                <TextField
                  id={`${uid}-author-name`}
                  label={t('posts.fields.authorName')}
                  value={authorName}
                  onChange={(e) => setAuthorName(e.target.value)}
                />
                <label className="checkbox">
                  <input type="checkbox" checked={authorConsent} onChange={(e) => setAuthorConsent(e.target.checked)} />{' '}
                  {t('posts.fields.authorConsent')}
                </label>
              </>
            )}
          </fieldset>
          <TextField
            id={`${uid}-cover-alt`}
            label={t('posts.fields.coverAlt')}
            value={coverAlt}
            onChange={(e) => setCoverAlt(e.target.value)}
          />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={pending} data-action="save">
              {post ? t('posts.actions.save') : t('posts.actions.create')}
            </button>
          </div>
        </form>

        {post && (
          <aside className="post-side">
            <section className="card" aria-labelledby={`${uid}-pub`}>
              <h2 id={`${uid}-pub`}>{t('posts.columns.status')}</h2>
              {post.isPublic && (
                <p>
                  {t('posts.publicAddress')}:{' '}
                  <a href={`/news/${post.slug}`} target="_blank" rel="noreferrer">
                    /news/{post.slug}
                  </a>
                </p>
              )}
              <div className="form-actions">
                <button
                  type="button"
                  className="button button-primary"
                  disabled={pending}
                  data-action="publish"
                  onClick={() => publish()}
                >
                  {t('posts.actions.publish')}
                </button>
                {post.status === 'published' && (
                  <button
                    type="button"
                    className="button"
                    disabled={pending}
                    data-action="unpublish"
                    onClick={() =>
                      writes.unpublish.mutate(post.id, { onSuccess: () => setNotice(t('posts.unpublishedNotice')) })
                    }
                  >
                    {t('posts.actions.unpublish')}
                  </button>
                )}
              </div>
              <TextField
                id={`${uid}-publish-at`}
                type="datetime-local"
                label={t('posts.fields.publishAt')}
                value={publishAt}
                onChange={(e) => setPublishAt(e.target.value)}
              />
              <button
                type="button"
                className="button"
                disabled={pending || !publishAt}
                data-action="schedule"
                onClick={() => publish(publishAt)}
              >
                {t('posts.actions.schedule')}
              </button>
            </section>

            <div className="card">
              {post.coverSha256 && (
                <img
                  className="post-cover"
                  src={`/api/v1/posts/${post.id}/cover?v=${post.coverSha256}`}
                  alt={post.coverAlt ?? ''}
                />
              )}
              <div className="field">
                <label htmlFor={`${uid}-cover-file`}>{t('posts.fields.cover')}</label>
                <input
                  id={`${uid}-cover-file`}
                  type="file"
                  accept="image/jpeg,image/png,image/webp"
                  aria-describedby={`${uid}-cover-hint`}
                  onChange={(e) => setCover(e.target.files?.[0] ?? null)}
                />
                <p id={`${uid}-cover-hint`} className="field-hint">
                  {t('posts.fields.coverHint')}
                </p>
              </div>
              <button
                type="button"
                className="button"
                disabled={pending || !cover}
                onClick={() =>
                  cover &&
                  writes.cover.mutate(
                    { id: post.id, file: cover },
                    { onSuccess: () => setNotice(t('posts.coverUploaded')) },
                  )
                }
              >
                {t('posts.actions.uploadCover')}
              </button>
            </div>

            <section className="card" aria-labelledby={`${uid}-tr`}>
              <h2 id={`${uid}-tr`}>{t('posts.translations')}</h2>
              {post.translations.length ? (
                <ul>
                  {post.translations.map((tr) => (
                    <li key={tr.id}>
                      <Link to={`/hq/posts/${tr.id}`} lang={tr.language}>
                        {t(`language.names.${tr.language}`)}: {tr.title}
                      </Link>{' '}
                      <span className="muted">({t(`posts.statuses.${tr.status}`)})</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">{t('posts.noTranslations')}</p>
              )}
              <ul className="post-add-translation">
                {missing.map((l) => (
                  <li key={l}>
                    <Link to={`/hq/posts/new?translationOf=${post.id}&language=${l}`} data-action={`translate-${l}`}>
                      {t('posts.actions.addTranslation', { language: t(`language.names.${l}`) })}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          </aside>
        )}
      </div>
    </>
  );
}
