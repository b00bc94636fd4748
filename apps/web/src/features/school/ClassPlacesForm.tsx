import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/api-client.ts';
import { ProblemAlert } from '../../components/StatusViews.tsx';

/**
 * A class's number of places. More places go at once to the waiting list, first come first served
 * (the server does it); fewer places take nobody's place away.
 */
export function ClassPlacesForm({ classId, capacity }: { classId: string; capacity: number }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [value, setValue] = useState(String(capacity));
  const [promoted, setPromoted] = useState<number | null>(null);
  const save = useMutation({
    mutationFn: (places: number) =>
      apiRequest<{ capacity: number; promoted: number }>(
        'PUT',
        `/api/v1/school/classes/${encodeURIComponent(classId)}/places`,
        { capacity: places },
      ),
    onSuccess: (data) => setPromoted(data.promoted),
    onSettled: () => client.invalidateQueries({ queryKey: ['school'] }),
  });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const places = Number.parseInt(value, 10);
    if (Number.isInteger(places) && places >= 1) save.mutate(places);
  }
  return (
    <form className="school-places" onSubmit={onSubmit} data-testid="class-places">
      <label>
        {t('school.attendance.places')}{' '}
        <input
          type="number"
          min={1}
          max={1000}
          inputMode="numeric"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      </label>{' '}
      <button type="submit" className="button button-secondary" disabled={save.isPending}>
        {t('school.attendance.savePlaces')}
      </button>
      {promoted !== null && (
        <p role="status" className="muted">
          {t('school.attendance.promoted', { n: promoted })}
        </p>
      )}
      {save.isError && <ProblemAlert error={save.error} />}
    </form>
  );
}
