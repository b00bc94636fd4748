import { type FormDefinitionProblem, type LocalizedText, parseExpression } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { LocalizedFields } from '../../components/LocalizedFields.tsx';
import { setText } from './form-editor.ts';
import { definitionProblemText, expressionErrorText } from './problem-messages.ts';

interface TextTripleProps {
  id: string;
  legend: string;
  value: LocalizedText | undefined;
  onChange: (next: LocalizedText) => void;
  /** Problems of this text (missing Russian). */
  error?: string | undefined;
  multiline?: boolean;
  /** Russian is required unless the whole text is optional (a hint). */
  optional?: boolean;
}

/**
 * One text in ru, kk and en side by side (the shared `LocalizedFields` in the designer's look);
 * each input carries `data-field="<name>.<locale>"` for the browser tests.
 */
export function TextTriple({
  id,
  legend,
  value,
  onChange,
  error,
  multiline = false,
  optional = false,
}: TextTripleProps) {
  const { t } = useTranslation();
  return (
    <LocalizedFields
      idPrefix={id}
      legend={legend}
      value={value}
      error={error}
      {...(!optional && { required: t('forms.designer.ruRequired') })}
      {...(multiline && { rows: 2 })}
      inputProps={(locale) => ({ 'data-field': `${id.split('-').pop()}.${locale}` })}
      classNames={{ group: 'fd-text', row: 'fd-text-row', field: 'fd-text-field' }}
      onChange={(locale, text) => onChange(setText(value, locale, text))}
    />
  );
}

interface ExpressionFieldProps {
  id: string;
  field: string;
  label: string;
  hint?: string;
  value: string | undefined;
  onChange: (next: string) => void;
  /** Problems `checkFormDefinition` found at this field (references, forward use, …). */
  problems: readonly FormDefinitionProblem[];
  required?: boolean;
}

/**
 * An expression input checked as you type with core's parser: the error is translated and the
 * character at `at` is marked under the input. Reference problems of the whole form come on top.
 */
export function ExpressionField({ id, field, label, hint, value, onChange, problems, required }: ExpressionFieldProps) {
  const { t } = useTranslation();
  const source = value ?? '';
  const parsed = source.trim() === '' ? null : parseExpression(source);
  const parseError = parsed && !parsed.ok ? parsed.error : null;
  // Parse errors come from the live parser; the form check repeats them, so only its other findings show.
  const others = problems.filter((p) => !p.code.startsWith('expr_'));
  const marked = parseError ?? others.find((p) => p.at !== undefined) ?? null;
  const messages = [
    ...(parseError ? [expressionErrorText(t, parseError)] : []),
    ...others.map((p) => definitionProblemText(t, p)),
  ];
  const errorId = messages.length > 0 ? `${id}-error` : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  const at = marked?.at ?? null;
  return (
    <div className="field fd-expression" data-invalid={errorId ? 'true' : undefined}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-field={field}
        type="text"
        className="input-mono"
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        required={required}
        value={source}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {errorId && (
        <div id={errorId} className="field-error fd-expression-error" role="status">
          {at !== null && (
            <pre className="fd-marker" aria-hidden="true" data-at={at}>
              {source.slice(0, at)}
              <mark>{source.slice(at, at + 1) || ' '}</mark>
              {source.slice(at + 1)}
            </pre>
          )}
          {messages.map((m) => (
            <p key={m} className="fd-expression-message">
              {m}
              {at !== null && m === messages[0] && (
                <span className="fd-position"> {t('forms.expression.at', { position: at + 1 })}</span>
              )}
            </p>
          ))}
        </div>
      )}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
