import { type Choice, type FormDefinitionProblem, localized, type Question } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/FormField.tsx';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { ExpressionField, TextTriple } from './DesignerFields.tsx';
import { move, optionalText, problemPlace, setField } from './form-editor.ts';
import { answerRef, definitionProblemText } from './problem-messages.ts';

interface QuestionEditorProps {
  idPrefix: string;
  question: Question;
  /** 1-based number of the question in the form. */
  number: number;
  problems: readonly FormDefinitionProblem[];
  expanded: boolean;
  onToggle: () => void;
  onChange: (next: Question) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
  first: boolean;
  last: boolean;
}

const UP = 'M12 19V5M5 12l7-7 7 7';
const DOWN = 'M12 5v14M5 12l7 7 7-7';
const REMOVE = 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6';

export function ToolButton({
  label,
  icon,
  onClick,
  disabled,
}: {
  label: string;
  icon: string;
  onClick: () => void;
  disabled?: boolean;
}) {
  return (
    <button
      type="button"
      className="icon-button icon-button-bordered"
      aria-label={label}
      title={label}
      onClick={onClick}
      disabled={disabled}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d={icon} />
      </svg>
    </button>
  );
}

export const icons = { UP, DOWN, REMOVE };

/** One question of the designer: a summary line with its tools, and its fields when expanded. */
export function QuestionEditor({
  idPrefix,
  question,
  number,
  problems,
  expanded,
  onToggle,
  onChange,
  onMove,
  onRemove,
  first,
  last,
}: QuestionEditorProps) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const at = (field: string) => problems.filter((p) => problemPlace(p).field === field);
  const textError = (field: string) => {
    const found = at(field);
    return found.length > 0 ? found.map((p) => definitionProblemText(t, p)).join(' ') : undefined;
  };
  const set = (field: string, value: unknown) => onChange(setField(question, field, value));
  const answerable = question.type !== 'note' && question.type !== 'computed';
  const title = localized(question.label, locale) || t('forms.designer.untitledQuestion');
  const bodyId = `${idPrefix}-body`;
  const name = question.id || t('forms.designer.untitledQuestion');

  return (
    <li className="fd-question" data-question-id={question.id} data-invalid={problems.length > 0 ? 'true' : undefined}>
      <div className="fd-question-head">
        <button
          type="button"
          className="fd-question-toggle"
          aria-expanded={expanded}
          aria-controls={bodyId}
          onClick={onToggle}
        >
          <span className="fd-question-number">{number}</span>
          <span className="fd-question-summary">
            <span className="fd-question-title">{title}</span>
            <span className="fd-question-meta">
              <span className="tag">{t(`forms.questionTypes.${question.type}`)}</span>
              <code>{question.id}</code>
              {question.required === true && <span className="tag tag-required">{t('forms.designer.required')}</span>}
              {question.relevant && <span className="tag">{t('forms.designer.hasCondition')}</span>}
            </span>
          </span>
          {problems.length > 0 && (
            <span className="badge badge-refused">{t('forms.designer.problemCount', { count: problems.length })}</span>
          )}
        </button>
        <div className="fd-tools">
          <ToolButton
            label={t('forms.designer.moveQuestionUp', { id: name })}
            icon={UP}
            onClick={() => onMove(-1)}
            disabled={first}
          />
          <ToolButton
            label={t('forms.designer.moveQuestionDown', { id: name })}
            icon={DOWN}
            onClick={() => onMove(1)}
            disabled={last}
          />
          <ToolButton label={t('forms.designer.removeQuestion', { id: name })} icon={REMOVE} onClick={onRemove} />
        </div>
      </div>
      {expanded && (
        <div className="fd-question-body" id={bodyId}>
          <div className="field-row">
            <TextField
              id={`${idPrefix}-id`}
              data-field="id"
              className="input-mono"
              label={t('forms.fields.id')}
              hint={t('forms.designer.idHint', { example: answerRef('ballot_box_sealed') })}
              value={question.id}
              autoComplete="off"
              spellCheck={false}
              error={textError('id')}
              onChange={(event) => onChange({ ...question, id: event.target.value })}
            />
            {answerable && (
              <TextField
                id={`${idPrefix}-sms`}
                data-field="smsCode"
                className="input-mono"
                label={t('forms.fields.smsCode')}
                hint={t('forms.designer.smsHint')}
                value={question.smsCode ?? ''}
                maxLength={4}
                autoComplete="off"
                error={textError('smsCode')}
                onChange={(event) => set('smsCode', event.target.value.toUpperCase())}
              />
            )}
          </div>
          <TextTriple
            id={`${idPrefix}-label`}
            legend={question.type === 'note' ? t('forms.fields.noteText') : t('forms.fields.label')}
            value={question.label}
            error={textError('label')}
            multiline
            onChange={(label) => onChange({ ...question, label })}
          />
          <TextTriple
            id={`${idPrefix}-hint`}
            legend={t('forms.fields.hint')}
            value={question.hint}
            optional
            error={textError('hint')}
            onChange={(hint) => set('hint', optionalText(hint))}
          />
          {answerable && (
            <label className="checkbox">
              <input
                type="checkbox"
                data-field="required"
                checked={question.required === true}
                onChange={(event) => set('required', event.target.checked)}
              />
              <span>{t('forms.designer.requiredLabel')}</span>
            </label>
          )}
          <TypeFields idPrefix={idPrefix} question={question} problems={problems} onChange={onChange} />
          <ExpressionField
            id={`${idPrefix}-relevant`}
            field="relevant"
            label={t('forms.fields.relevant')}
            hint={t('forms.designer.relevantHint', { example: `${answerRef('box_sealed')} = false` })}
            value={question.relevant}
            problems={at('relevant')}
            onChange={(v) => set('relevant', v)}
          />
          {answerable && (
            <>
              <ExpressionField
                id={`${idPrefix}-constraint`}
                field="constraint"
                label={t('forms.fields.constraint')}
                hint={t('forms.designer.constraintHint')}
                value={question.constraint}
                problems={at('constraint')}
                onChange={(v) => set('constraint', v)}
              />
              {question.constraint && (
                <TextTriple
                  id={`${idPrefix}-constraintMessage`}
                  legend={t('forms.fields.constraintMessage')}
                  value={question.constraintMessage}
                  optional
                  error={textError('constraintMessage')}
                  onChange={(message) => set('constraintMessage', optionalText(message))}
                />
              )}
            </>
          )}
        </div>
      )}
    </li>
  );
}

function numberOrUndefined(raw: string): number | undefined {
  if (raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

function TypeFields({
  idPrefix,
  question,
  problems,
  onChange,
}: {
  idPrefix: string;
  question: Question;
  problems: readonly FormDefinitionProblem[];
  onChange: (next: Question) => void;
}) {
  const { t } = useTranslation();
  const errorAt = (field: string) => {
    const found = problems.filter((p) => problemPlace(p).field === field);
    return found.length > 0 ? found.map((p) => definitionProblemText(t, p)).join(' ') : undefined;
  };
  const set = (field: string, value: unknown) => onChange(setField(question, field, value));
  switch (question.type) {
    case 'integer':
    case 'decimal':
      return (
        <div className="field-row">
          {(['min', 'max'] as const).map((field) => (
            <TextField
              key={field}
              id={`${idPrefix}-${field}`}
              data-field={field}
              type="number"
              step={question.type === 'integer' ? 1 : 'any'}
              label={t(`forms.fields.${field}`)}
              value={question[field] === undefined ? '' : String(question[field])}
              error={errorAt(field)}
              onChange={(event) => set(field, numberOrUndefined(event.target.value))}
            />
          ))}
        </div>
      );
    case 'text':
      return (
        <TextField
          id={`${idPrefix}-maxLength`}
          data-field="maxLength"
          type="number"
          min={1}
          step={1}
          label={t('forms.fields.maxLength')}
          hint={t('forms.designer.maxLengthHint')}
          value={question.maxLength === undefined ? '' : String(question.maxLength)}
          error={errorAt('maxLength')}
          onChange={(event) => set('maxLength', numberOrUndefined(event.target.value))}
        />
      );
    case 'photo':
      return (
        <div className="field-row">
          <label className="checkbox">
            <input
              type="checkbox"
              data-field="multiple"
              checked={question.multiple === true}
              onChange={(event) => {
                const next = setField(question, 'multiple', event.target.checked);
                onChange(event.target.checked ? next : setField(next, 'max', undefined));
              }}
            />
            <span>{t('forms.fields.multiple')}</span>
          </label>
          {question.multiple === true && (
            <TextField
              id={`${idPrefix}-photoMax`}
              data-field="max"
              type="number"
              min={1}
              max={20}
              step={1}
              label={t('forms.fields.maxPhotos')}
              value={question.max === undefined ? '' : String(question.max)}
              error={errorAt('max')}
              onChange={(event) => set('max', numberOrUndefined(event.target.value))}
            />
          )}
        </div>
      );
    case 'computed':
      return (
        <ExpressionField
          id={`${idPrefix}-calculate`}
          field="calculate"
          label={t('forms.fields.calculate')}
          hint={t('forms.designer.calculateHint', {
            example: `${answerRef('ballots_received')} - ${answerRef('ballots_issued')}`,
          })}
          value={question.calculate}
          required
          problems={problems.filter((p) => problemPlace(p).field === 'calculate')}
          onChange={(calculate) => onChange({ ...question, calculate })}
        />
      );
    case 'single_choice':
    case 'multiple_choice':
      return (
        <ChoicesEditor
          idPrefix={idPrefix}
          choices={Array.isArray(question.choices) ? question.choices : []}
          problems={problems}
          onChange={(choices) => onChange({ ...question, choices })}
        />
      );
    default:
      return null;
  }
}

function ChoicesEditor({
  idPrefix,
  choices,
  problems,
  onChange,
}: {
  idPrefix: string;
  choices: Choice[];
  problems: readonly FormDefinitionProblem[];
  onChange: (next: Choice[]) => void;
}) {
  const { t } = useTranslation();
  const listError = problems
    .filter((p) => problemPlace(p).field === 'choices')
    .map((p) => definitionProblemText(t, p))
    .join(' ');
  const update = (index: number, choice: Choice) => onChange(choices.map((c, i) => (i === index ? choice : c)));
  const nextValue = () => {
    const used = new Set(choices.map((c) => c.value));
    for (let n = choices.length + 1; ; n++) if (!used.has(`option_${n}`)) return `option_${n}`;
  };
  return (
    <fieldset className="fieldset fd-choices">
      <legend>{t('forms.fields.choices')}</legend>
      {listError && <p className="field-error">{listError}</p>}
      <ol className="fd-choice-list">
        {choices.map((choice, index) => {
          const prefix = `${idPrefix}-choice-${index}`;
          const own = problems.filter((p) => problemPlace(p).field.startsWith(`choices[${index}]`));
          const valueError = own
            .filter((p) => problemPlace(p).field === `choices[${index}]`)
            .map((p) => definitionProblemText(t, p))
            .join(' ');
          const labelError = own
            .filter((p) => problemPlace(p).field === `choices[${index}].label`)
            .map((p) => definitionProblemText(t, p))
            .join(' ');
          const n = index + 1;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: a choice is its position while its value is retyped
            <li key={index} className="fd-choice">
              <div className="fd-choice-head">
                <TextField
                  id={`${prefix}-value`}
                  data-field="choice.value"
                  className="input-mono"
                  label={t('forms.designer.choiceValue', { n })}
                  value={choice.value}
                  autoComplete="off"
                  spellCheck={false}
                  error={valueError || undefined}
                  onChange={(event) => update(index, { ...choice, value: event.target.value })}
                />
                <div className="fd-tools">
                  <ToolButton
                    label={t('forms.designer.moveChoiceUp', { n })}
                    icon={UP}
                    disabled={index === 0}
                    onClick={() => onChange(move(choices, index, -1))}
                  />
                  <ToolButton
                    label={t('forms.designer.moveChoiceDown', { n })}
                    icon={DOWN}
                    disabled={index === choices.length - 1}
                    onClick={() => onChange(move(choices, index, 1))}
                  />
                  <ToolButton
                    label={t('forms.designer.removeChoice', { n })}
                    icon={REMOVE}
                    onClick={() => onChange(choices.filter((_, i) => i !== index))}
                  />
                </div>
              </div>
              <TextTriple
                id={`${prefix}-label`}
                legend={t('forms.designer.choiceLabel', { n })}
                value={choice.label}
                error={labelError || undefined}
                onChange={(label) => update(index, { ...choice, label })}
              />
            </li>
          );
        })}
      </ol>
      <div>
        <button
          type="button"
          className="button button-small button-secondary"
          onClick={() => onChange([...choices, { value: nextValue(), label: { ru: '' } }])}
        >
          {t('forms.designer.addChoice')}
        </button>
      </div>
    </fieldset>
  );
}
