import { useState } from 'react';
import type { FieldErrors } from '../errors/problem-text.ts';

/**
 * Text fields of a form with a message per field: changing a field clears its message, so the
 * message goes away as soon as the person starts fixing what it is about.
 */
export function useFormFields<T extends { [K in keyof T]: string }>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});

  function edit(field: keyof T & string, value: string): void {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  }

  /** `onChange` of the input for `field`. */
  const bind = (field: keyof T & string) => (event: { target: { value: string } }) => edit(field, event.target.value);

  return { values, setValues, errors, setErrors, edit, bind };
}
