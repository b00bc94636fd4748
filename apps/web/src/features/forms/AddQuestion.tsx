import { type QuestionType, questionTypes } from '@pollwatch/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/FormField.tsx';

export function AddQuestion({
  groupKey,
  groupName,
  onAdd,
}: {
  groupKey: string;
  groupName: string;
  onAdd: (type: QuestionType) => void;
}) {
  const { t } = useTranslation();
  const [type, setType] = useState<QuestionType>('yes_no');
  return (
    <div className="fd-add-question">
      <SelectField
        id={`${groupKey}-new-type`}
        data-field="new-question-type"
        label={t('forms.designer.newQuestionType')}
        value={type}
        onChange={(event) => setType(event.target.value as QuestionType)}
      >
        {questionTypes.map((qt) => (
          <option key={qt} value={qt}>
            {t(`forms.questionTypes.${qt}`)}
          </option>
        ))}
      </SelectField>
      <button
        type="button"
        className="button button-secondary"
        data-action="add-question"
        aria-label={t('forms.designer.addQuestionTo', { name: groupName })}
        onClick={() => onAdd(type)}
      >
        {t('forms.designer.addQuestion')}
      </button>
    </div>
  );
}
