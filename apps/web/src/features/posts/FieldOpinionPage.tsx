import { POST_BODY_MAX, POST_TITLE_MAX, type PostLanguage, postLanguages } from '@pollwatch/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { postsApi } from './posts-api.ts';
import './posts.css';

/**
 * `/app/opinion`: an observer writes an opinion for the public site. An editor reviews it before
 * anything is published; the observer's name is printed only when they tick the box.
 */
export function FieldOpinionPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('posts.opinion.title'));
  const uid = useId();
  const locale = currentLocale();
  const [language, setLanguage] = useState<PostLanguage>(
    (postLanguages as readonly string[]).includes(locale) ? (locale as PostLanguage) : 'ru',
  );
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [consent, setConsent] = useState(false);
  const [name, setName] = useState('');
  const [sent, setSent] = useState(false);
  const submit = useMutation({ mutationFn: postsApi.submitOpinion });

  function send(event: FormEvent) {
    event.preventDefault();
    submit.mutate(
      { language, title, body, authorConsent: consent, authorName: consent ? name : null },
      {
        onSuccess: () => {
          setSent(true);
          setTitle('');
          setBody('');
        },
      },
    );
  }

  return (
    <>
      <PageHeading>{t('posts.opinion.title')}</PageHeading>
      <p className="muted">{t('posts.opinion.intro')}</p>
      {sent && (
        <Alert tone="success">
          <p>{t('posts.opinion.sent')}</p>
        </Alert>
      )}
      <ProblemAlert error={submit.error} />
      <form className="card opinion-form" onSubmit={send} noValidate>
        <SelectField
          id={`${uid}-language`}
          label={t('posts.opinion.language')}
          value={language}
          onChange={(e) => setLanguage(e.target.value as PostLanguage)}
        >
          {postLanguages.map((l) => (
            <option key={l} value={l}>
              {t(`language.names.${l}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          id={`${uid}-title`}
          label={t('posts.opinion.titleField')}
          value={title}
          required
          maxLength={POST_TITLE_MAX}
          onChange={(e) => setTitle(e.target.value)}
        />
        <TextAreaField
          id={`${uid}-body`}
          label={t('posts.opinion.body')}
          value={body}
          rows={8}
          required
          maxLength={POST_BODY_MAX}
          onChange={(e) => setBody(e.target.value)}
        />
        <label className="checkbox">
          <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />{' '}
          {t('posts.opinion.consent')}
        </label>
        {consent && (
          <TextField
            id={`${uid}-name`}
            label={t('posts.opinion.name')}
            value={name}
            autoComplete="name"
            onChange={(e) => setName(e.target.value)}
          />
        )}
        <button
          type="submit"
          className="button button-primary"
          disabled={submit.isPending || !title.trim() || !body.trim()}
        >
          {t('posts.opinion.send')}
        </button>
      </form>
    </>
  );
}
