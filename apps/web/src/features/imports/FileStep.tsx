import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export function useFileSize(): (bytes: number) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const language = i18n.language === 'kk' ? 'ru' : i18n.language;
    const mb = new Intl.NumberFormat(language, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
    const kb = new Intl.NumberFormat(language, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 });
    return (bytes: number) =>
      bytes >= 1024 * 1024 ? mb.format(bytes / 1024 / 1024) : kb.format(Math.max(1, bytes / 1024));
  }, [i18n.language]);
}

export function FileField({
  file,
  missing,
  onChange,
}: {
  file: File | null;
  missing: boolean;
  onChange: (file: File | null) => void;
}) {
  const { t } = useTranslation();
  const formatSize = useFileSize();
  const id = 'import-file';
  const describedBy = [missing ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(' ');
  return (
    <div className="field" data-invalid={missing ? 'true' : undefined}>
      <label htmlFor={id}>{t('imports.file.label')}</label>
      <input
        id={id}
        type="file"
        className="file-input"
        accept=".csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        aria-invalid={missing || undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.files?.[0] ?? null)}
      />
      {missing && (
        <p id={`${id}-error`} className="field-error">
          {t('imports.file.required')}
        </p>
      )}
      <p id={`${id}-hint`} className="field-hint">
        {file ? `${t('imports.file.chosen', { name: file.name, size: formatSize(file.size) })}. ` : ''}
        {t('imports.file.hint')}
      </p>
    </div>
  );
}
