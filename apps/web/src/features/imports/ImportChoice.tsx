import { useId } from 'react';

/**
 * A choice a file may need before it imports (stations: create the missing areas; assignments:
 * take the rows with warnings anyway): a checkbox with its consequence said beneath it. The dry
 * run is asked again with the choice.
 */
export function ImportChoice({
  name,
  choice,
  label,
  hint,
  checked,
  onChange,
}: {
  /** The option's name in the request body. */
  name: string;
  /** The test hook (`data-choice`). */
  choice: string;
  label: string;
  hint: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const hintId = useId();
  return (
    <div className="report-section" data-choice={choice}>
      <div className="choice-row">
        <label className="choice">
          <input
            type="checkbox"
            name={name}
            checked={checked}
            aria-describedby={hintId}
            onChange={(event) => onChange(event.target.checked)}
          />
          <span>{label}</span>
        </label>
      </div>
      <p id={hintId} className="field-hint">
        {hint}
      </p>
    </div>
  );
}
