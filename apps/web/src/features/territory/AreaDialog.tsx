import { type AreaDto, type AreaLevel, areaLevels, localized, subtreeIds } from '@pollwatch/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog.tsx';
import { SelectField, TextField } from '../../components/FormField.tsx';
import { LocalizedFields } from '../../components/LocalizedFields.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { fieldErrorsOf } from '../../errors/problem-text.ts';
import { useFormFields } from '../../hooks/use-form-fields.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { areaOptions } from './area-tree.ts';
import { CommissionFields, commissionOf, commissionValues } from './CommissionFields.tsx';
import { useSaveArea } from './territory-queries.ts';

/** The level an area under `parent` most likely has: one step down the list. */
export function childLevel(parent: AreaDto | undefined): AreaLevel {
  if (!parent) return 'country';
  if (parent.level === 'country') return 'region';
  if (parent.level === 'region') return 'district';
  return parent.level === 'abroad' ? 'abroad' : 'settlement';
}

interface AreaDialogProps {
  /** null: a new area. */
  area: AreaDto | null;
  areas: readonly AreaDto[];
  onClose: () => void;
  onSaved: (area: AreaDto, created: boolean) => void;
}

/** Create or change an area: where it sits in the tree, its level, code, names and commission. */
export function AreaDialog({ area, areas, onClose, onSaved }: AreaDialogProps) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const save = useSaveArea();
  const [parentId, setParentId] = useState<string>(area?.parentId ?? '');
  const [level, setLevel] = useState<AreaLevel>(area?.level ?? childLevel(undefined));
  const [levelTouched, setLevelTouched] = useState(Boolean(area));
  const { values, errors, setErrors, edit, bind } = useFormFields({
    code: area?.code ?? '',
    nameRu: area?.name.ru ?? '',
    nameKk: area?.name.kk ?? '',
    nameEn: area?.name.en ?? '',
    ...commissionValues(area?.commission),
  });

  // An area cannot move inside itself: its own subtree is not offered as a parent.
  const parents = useMemo(
    () => areaOptions(areas, locale, area ? subtreeIds(area.id, areas) : new Set()),
    [areas, locale, area],
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!values.nameRu.trim()) {
      setErrors({ nameRu: t('validation.required') });
      return;
    }
    const body = {
      parentId: parentId || null,
      level,
      code: values.code.trim() || null,
      name: {
        ru: values.nameRu.trim(),
        ...(values.nameKk.trim() && { kk: values.nameKk.trim() }),
        ...(values.nameEn.trim() && { en: values.nameEn.trim() }),
      },
      commission: commissionOf(values),
    };
    save.mutate(area ? { id: area.id, body } : { id: null, body }, {
      onSuccess: (res) => onSaved(res.area, !area),
      onError: (error) => setErrors(fieldErrorsOf(t, error)),
    });
  }

  const title = area ? t('areas.form.editTitle', { name: localized(area.name, locale) }) : t('areas.form.createTitle');
  return (
    <Dialog title={title} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <ProblemAlert error={save.error} fieldErrors={errors} />
        <SelectField
          id="area-parent"
          label={t('areas.form.parent')}
          value={parentId}
          onChange={(e) => {
            setParentId(e.target.value);
            if (!levelTouched) setLevel(childLevel(areas.find((a) => a.id === e.target.value)));
          }}
          error={errors.parentId}
        >
          <option value="">{t('areas.form.noParent')}</option>
          {parents.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </SelectField>
        <div className="field-row">
          <SelectField
            id="area-level"
            label={t('areas.form.level')}
            value={level}
            onChange={(e) => {
              const next = areaLevels.find((l) => l === e.target.value);
              if (next) {
                setLevel(next);
                setLevelTouched(true);
              }
            }}
          >
            {areaLevels.map((l) => (
              <option key={l} value={l}>
                {t(`areas.levels.${l}`)}
              </option>
            ))}
          </SelectField>
          <TextField
            id="area-code"
            label={t('areas.form.code')}
            value={values.code}
            onChange={bind('code')}
            spellCheck={false}
            autoComplete="off"
            error={errors.code}
          />
        </div>
        <p className="field-hint">{t('areas.form.codeHint')}</p>
        <LocalizedFields
          idPrefix="area-name"
          value={{ ru: values.nameRu, kk: values.nameKk, en: values.nameEn }}
          onChange={(lang, value) => edit(lang === 'ru' ? 'nameRu' : lang === 'kk' ? 'nameKk' : 'nameEn', value)}
          error={errors.nameRu ?? errors.name}
        />
        <CommissionFields idPrefix="area" texts="areas.form" values={values} bind={bind} />
        <div className="dialog-actions">
          <button type="button" className="button button-quiet" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
