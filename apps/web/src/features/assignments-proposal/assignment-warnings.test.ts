import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-client.ts';
import { warningsOf } from './AssignmentWarnings.tsx';

describe('warningsOf', () => {
  it('reads the warnings of a refused manual assignment', () => {
    const error = new ApiError(409, 'assignment_warnings', { codes: ['not_certified'], overridable: true });
    expect(warningsOf(error)).toEqual({ codes: ['not_certified'], overridable: true });
  });

  it('never offers an override the server did not say was possible', () => {
    expect(warningsOf(new ApiError(409, 'assignment_warnings', { codes: ['other_election'] }))).toEqual({
      codes: ['other_election'],
      overridable: false,
    });
  });

  it('is null for any other error', () => {
    expect(warningsOf(new ApiError(409, 'conflict'))).toBeNull();
    expect(warningsOf(new Error('x'))).toBeNull();
  });
});
