import type { ElectionDto } from '@pollwatch/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { SelectField, TextField } from '../../components/FormField.tsx';
import { type LocalizedDraft, LocalizedFields } from '../../components/LocalizedFields.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { schoolApi } from './school-api.ts';

const empty = {
  title: { ru: '', kk: '', en: '' } as LocalizedDraft,
  mode: 'in_person' as 'in_person' | 'online',
  startsAt: '',
  durationMinutes: '90',
  place: '',
  link: '',
  capacity: '20',
};

/**
 * A trainer schedules a class: the start is typed in the election's time zone, as printed on the page.
 * Every field is a shared FormField (the title the shared three-language fields, English optional).
 */
export function NewClassForm({ election }: { election: ElectionDto }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form, setForm] = useState(empty);
  const [done, setDone] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      schoolApi.createClass(election.id, {
        title: { ru: form.title.ru, kk: form.title.kk, ...(form.title.en.trim() ? { en: form.title.en } : {}) },
        mode: form.mode,
        startsAt: form.startsAt,
        durationMinutes: Number(form.durationMinutes),
        capacity: Number(form.capacity),
        ...(form.mode === 'in_person' ? { place: form.place } : { link: form.link }),
      }),
    onSuccess: () => {
      setForm(empty);
      setDone(true);
      void client.invalidateQueries({ queryKey: ['school'] });
    },
  });
  const set = (key: Exclude<keyof typeof empty, 'title'>) => (e: { target: { value: string } }) => {
    setDone(false);
    setForm((f) => ({ ...f, [key]: e.target.value }));
  };
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <details className="card school-new-class">
      <summary>{t('school.hq.newClass.title')}</summary>
      <form onSubmit={onSubmit} className="school-new-class-form">
        <LocalizedFields
          idPrefix="class-title"
          layout="row"
          hint={false}
          label={(l) =>
            t(
              l === 'ru'
                ? 'school.hq.newClass.titleRu'
                : l === 'kk'
                  ? 'school.hq.newClass.titleKk'
                  : 'school.hq.newClass.titleEn',
            )
          }
          value={form.title}
          onChange={(l, v) => {
            setDone(false);
            setForm((f) => ({ ...f, title: { ...f.title, [l]: v } }));
          }}
          maxLength={300}
        />
        <SelectField id="class-mode" label={t('school.hq.newClass.mode')} value={form.mode} onChange={set('mode')}>
          <option value="in_person">{t('school.classes.inPerson')}</option>
          <option value="online">{t('school.classes.online')}</option>
        </SelectField>
        <TextField
          id="class-starts"
          type="datetime-local"
          label={t('school.hq.newClass.startsAt')}
          hint={t('school.hq.newClass.startsAtHint', { zone: election.timeZone })}
          value={form.startsAt}
          onChange={set('startsAt')}
          required
        />
        <TextField
          id="class-duration"
          type="number"
          min={15}
          max={600}
          label={t('school.hq.newClass.duration')}
          value={form.durationMinutes}
          onChange={set('durationMinutes')}
        />
        {form.mode === 'in_person' ? (
          <TextField
            id="class-place"
            label={t('school.hq.newClass.place')}
            value={form.place}
            onChange={set('place')}
            required
          />
        ) : (
          <TextField
            id="class-link"
            type="url"
            label={t('school.hq.newClass.link')}
            value={form.link}
            onChange={set('link')}
            required
          />
        )}
        <TextField
          id="class-capacity"
          type="number"
          min={1}
          max={1000}
          label={t('school.hq.newClass.capacity')}
          value={form.capacity}
          onChange={set('capacity')}
        />
        {create.isError && <ProblemAlert error={create.error} />}
        {done && <Alert tone="success">{t('school.hq.newClass.created')}</Alert>}
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {t('school.hq.newClass.create')}
        </button>
      </form>
    </details>
  );
}
