import {
  type FormDefinition,
  type FormGroup,
  type FormProblem,
  type Locale,
  localized,
  type ValidationContext,
} from '@pollwatch/core';
import { type ChangeEvent, type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answers, readAnswer, safeValidate, visibleAnswers, writeAnswer } from '../forms/answers.ts';
import { FormRenderer, problemText } from '../forms/FormRenderer.tsx';
import type { StoredPhoto } from './outbox-model.ts';
import { preparePhoto } from './photo-capture.ts';
import { useField } from './use-field.ts';

interface FieldReportFormProps {
  form: FormDefinition;
  locale: Locale;
  context: ValidationContext;
  initialAnswers: Answers;
  /** Problems the server reported for the revision being fixed, shown until the answers change. */
  serverProblems?: readonly FormProblem[];
  saveLabel: string;
  onSave: (answers: Answers) => Promise<void>;
}

/** Why a report could not be saved on the phone: its storage is full, or it refused otherwise. */
type SaveFailure = 'full' | 'refused';

function saveFailureOf(error: unknown): SaveFailure {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  return name === 'QuotaExceededError' ? 'full' : 'refused';
}

interface PhotoSlot {
  group: FormGroup;
  index?: number;
  questionId: string;
  multiple: boolean;
}

/**
 * The observer's form: the shared renderer with the engine's live validation, skip logic and
 * problems, plus what the field needs around it. Photo questions take a picture with the camera,
 * shrink and re-encode it on the phone, keep it in IndexedDB and answer with its SHA-256 (the
 * renderer's own file handling, which hashes the original file, is bypassed for that). Missing
 * required answers and protocol relations only warn: the observer sends what the commission wrote.
 */
export function FieldReportForm({
  form,
  locale,
  context,
  initialAnswers,
  serverProblems,
  saveLabel,
  onSave,
}: FieldReportFormProps) {
  const { t, i18n } = useTranslation();
  const formT = useMemo(() => i18n.getFixedT(locale), [i18n, locale]);
  const { sync, snapshot } = useField();
  const [answers, setAnswers] = useState<Answers>(initialAnswers);
  const [changed, setChanged] = useState(false);
  const [revealAll, setRevealAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [saveFailure, setSaveFailure] = useState<SaveFailure | null>(null);
  const [photoState, setPhotoState] = useState<'idle' | 'processing' | 'failed'>('idle');
  const container = useRef<HTMLDivElement>(null);
  const result = useMemo(() => safeValidate(form, answers, context), [form, answers, context]);

  useEffect(() => {
    // The back camera, straight away, on phones that support it.
    for (const input of container.current?.querySelectorAll<HTMLInputElement>('input[type="file"]') ?? []) {
      input.setAttribute('capture', 'environment');
    }
  });

  const photoQuestions = useMemo(() => {
    const out = new Map<string, PhotoSlot>();
    for (const group of form.groups) {
      for (const q of group.questions) {
        if (q.type === 'photo') out.set(q.id, { group, questionId: q.id, multiple: q.multiple === true });
      }
    }
    return out;
  }, [form]);

  const slotOfInput = (id: string): PhotoSlot | undefined => {
    const prefix = 'fa-q-';
    if (!id.startsWith(prefix)) return undefined;
    const rest = id.slice(prefix.length);
    const direct = photoQuestions.get(rest);
    if (direct) return direct;
    const repeated = /^(.*)-(\d+)$/.exec(rest);
    const slot = repeated ? photoQuestions.get(repeated[1] ?? '') : undefined;
    return slot && repeated ? { ...slot, index: Number(repeated[2]) } : undefined;
  };

  const onPhotoInput = (event: ChangeEvent<HTMLDivElement>) => {
    const input = event.target as unknown as HTMLInputElement;
    if (input.type !== 'file') return;
    const slot = slotOfInput(input.id);
    if (!slot) return;
    // Ours, not the renderer's: it would hash the original file, EXIF and all.
    event.stopPropagation();
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length === 0) return;
    setPhotoState('processing');
    void (async () => {
      try {
        const hashes: string[] = [];
        for (const file of files) {
          const prepared = await preparePhoto(file);
          await sync.addPhoto(prepared);
          hashes.push(prepared.sha256);
        }
        setAnswers((prev) => {
          const current = readAnswer(prev, slot);
          const before = Array.isArray(current) ? (current as string[]) : typeof current === 'string' ? [current] : [];
          const merged = [...new Set([...before, ...hashes])];
          return writeAnswer(prev, slot, slot.multiple ? merged : merged.at(-1));
        });
        setChanged(true);
        setPhotoState('idle');
      } catch {
        setPhotoState('failed');
      }
    })();
  };

  const removePhoto = (slot: PhotoSlot, sha256: string) => {
    setAnswers((prev) => {
      const current = readAnswer(prev, slot);
      const list = Array.isArray(current) ? (current as string[]) : typeof current === 'string' ? [current] : [];
      const next = list.filter((h) => h !== sha256);
      return writeAnswer(prev, slot, next.length === 0 ? undefined : slot.multiple ? next : next[0]);
    });
    setChanged(true);
  };

  const blocking = (result?.problems ?? []).filter((p) => p.severity === 'error' && p.code !== 'required');
  const missing = (result?.problems ?? []).some((p) => p.code === 'required');
  const relations = (result?.flags.length ?? 0) > 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRevealAll(true);
    if (!result || blocking.length > 0 || busy) return;
    setBusy(true);
    setSaveFailure(null);
    try {
      await onSave(visibleAnswers(form, answers, result));
    } catch (error) {
      // The phone refused to store it: say so, and keep every answer on screen for another try.
      setSaveFailure(saveFailureOf(error));
    } finally {
      setBusy(false);
    }
  };

  const labelOf = (questionId: string) => {
    for (const g of form.groups) {
      const q = g.questions.find((x) => x.id === questionId);
      if (q) return localized(q.label, locale) || q.id;
    }
    return questionId;
  };

  const photosById = new Map(snapshot.photos.map((p) => [p.sha256, p]));
  const attached = [...photoQuestions.values()].flatMap((slot) => {
    const value = readAnswer(answers, slot);
    const list = Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
    return list.map((sha256) => ({ slot, sha256 }));
  });

  return (
    <form className="fa-form" onSubmit={(e) => void submit(e)} noValidate>
      {!changed && serverProblems && serverProblems.length > 0 && (
        <div className="alert alert-error" role="alert">
          <p>{t('field.serverProblems')}</p>
          <ul>
            {serverProblems.map((p) => (
              <li key={`${p.questionId}-${p.index ?? ''}-${p.code}`}>
                {labelOf(p.questionId)}: {problemText(formT, p)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div ref={container} onChangeCapture={onPhotoInput}>
        <FormRenderer
          form={form}
          locale={locale}
          answers={answers}
          onChange={(next) => {
            setAnswers(next);
            setChanged(true);
          }}
          result={result}
          context={context}
          idPrefix="fa-q"
          revealAll={revealAll}
          headingLevel={2}
        />
      </div>
      {photoState !== 'idle' && (
        <p className={photoState === 'failed' ? 'fa-error' : 'fa-muted'} role="status">
          {photoState === 'failed' ? t('field.photos.failed') : t('field.photos.processing')}
        </p>
      )}
      {attached.length > 0 && (
        <section className="fa-photos" aria-labelledby="fa-photos-title">
          <h2 id="fa-photos-title">{t('field.photos.title')}</h2>
          <ul>
            {attached.map(({ slot, sha256 }, i) => (
              <li key={`${slot.questionId}-${sha256}`}>
                <PhotoThumb photo={photosById.get(sha256)} n={i + 1} />
                <span className="fa-muted">{labelOf(slot.questionId)}</span>
                <button
                  type="button"
                  className="button button-quiet button-small"
                  onClick={() => removePhoto(slot, sha256)}
                >
                  {t('field.photos.remove', { n: i + 1 })}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {revealAll && blocking.length > 0 && (
        <div className="alert alert-error" role="alert">
          <p>{t('field.blocking')}</p>
        </div>
      )}
      {missing && revealAll && blocking.length === 0 && (
        <div className="alert alert-info" role="status">
          <p>{t('field.missingWarning')}</p>
        </div>
      )}
      {relations && (
        <div className="alert alert-info" role="status">
          <p>{t('field.relationsWarning')}</p>
        </div>
      )}
      {saveFailure && (
        <div className="alert alert-error" role="alert">
          <p>{t(saveFailure === 'full' ? 'field.saveFailedFull' : 'field.saveFailed')}</p>
        </div>
      )}
      <div className="fa-actions">
        <button
          type="submit"
          className="button button-primary button-block"
          disabled={busy || photoState === 'processing'}
        >
          {busy ? t('field.saving') : saveLabel}
        </button>
      </div>
    </form>
  );
}

export function PhotoThumb({ photo, n }: { photo: StoredPhoto | undefined; n: number }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!photo) return;
    const u = URL.createObjectURL(photo.blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [photo?.blob, photo]);
  const state = !photo
    ? null
    : photo.uploaded
      ? t('field.photos.uploaded')
      : photo.lastError
        ? t('field.photos.refused')
        : photo.receivedBytes > 0
          ? t('field.photos.progress', { percent: Math.floor((photo.receivedBytes / photo.size) * 100) })
          : t('field.photos.waiting');
  return (
    <span className="fa-thumb">
      {url ? (
        <img src={url} alt={t('field.photos.alt', { n })} width={72} height={72} />
      ) : (
        <span className="fa-thumb-empty" />
      )}
      {state && <span className="fa-thumb-state">{state}</span>}
    </span>
  );
}
