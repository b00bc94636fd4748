import { describe, expect, it } from 'vitest';
import { normaliseEmail, passwordProblem } from './password-policy.ts';

describe('password policy', () => {
  it('asks for length, counting characters not bytes', () => {
    expect(passwordProblem('short')).toBe('too_short');
    expect(passwordProblem('ққққққққққққ')).toBeNull();
    expect(passwordProblem('a'.repeat(257))).toBe('too_long');
  });

  it('refuses the email, its local part or the name as the password', () => {
    const who = { email: 'aigerim.saparova@example.org', displayName: 'Aigerim Saparova' };
    expect(passwordProblem('Aigerim.Saparova@example.org', who)).toBe('same_as_identity');
    expect(passwordProblem('aigerim.saparova', who)).toBe('same_as_identity');
    expect(passwordProblem('aigerim saparova', who)).toBe('same_as_identity');
    expect(passwordProblem('aigerim saparova 2026!', who)).toBeNull();
  });

  it('normalises emails for comparison', () => {
    expect(normaliseEmail('  Admin@Example.ORG ')).toBe('admin@example.org');
  });
});
