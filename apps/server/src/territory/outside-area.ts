import { DomainError } from '@pollwatch/core';

/**
 * A request body names a station, observer or area outside the actor's area (422 `outside_area`).
 * Said plainly, unlike a record asked for by id: the coordinator chose it from their own lists.
 */
export function outsideArea(path: string): DomainError {
  return new DomainError('outside_area', 'this lies outside your area', [
    { in: 'body', path, keyword: 'outside_area' },
  ]);
}
