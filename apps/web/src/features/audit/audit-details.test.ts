import { describe, expect, it } from 'vitest';
import { describeAuditDetails, isAuditReason } from './audit-details.ts';

describe('describeAuditDetails', () => {
  it('shows nothing for no details', () => {
    expect(describeAuditDetails(null)).toEqual([]);
    expect(describeAuditDetails(undefined)).toEqual([]);
    expect(describeAuditDetails({})).toEqual([]);
  });

  it('reads the shapes the server writes', () => {
    expect(describeAuditDetails({ fields: ['displayName', 'role'] })).toEqual([
      { kind: 'fields', fields: ['displayName', 'role'] },
    ]);
    expect(describeAuditDetails({ fields: ['locale'], self: true })).toEqual([
      { kind: 'fields', fields: ['locale'] },
      { kind: 'self' },
    ]);
    expect(describeAuditDetails({ role: 'admin', via: 'cli' })).toEqual([
      { kind: 'role', role: 'admin' },
      { kind: 'via', via: 'cli' },
    ]);
    expect(describeAuditDetails({ reason: 'wrong_password' })).toEqual([{ kind: 'reason', reason: 'wrong_password' }]);
    expect(describeAuditDetails({ route: 'GET /api/v1/audit', permission: 'audit.read' })).toEqual([
      { kind: 'route', route: 'GET /api/v1/audit' },
      { kind: 'permission', permission: 'audit.read' },
    ]);
    expect(describeAuditDetails({ status: 201, route: 'POST /api/v1/things' })).toEqual([
      { kind: 'route', route: 'POST /api/v1/things' },
      { kind: 'status', status: 201 },
    ]);
  });

  it('keeps what it does not know as compact JSON, next to what it does', () => {
    expect(describeAuditDetails({ role: 'observer', batch: 7 })).toEqual([
      { kind: 'role', role: 'observer' },
      { kind: 'json', json: '{"batch":7}' },
    ]);
    expect(describeAuditDetails({ fields: 'role', self: 'yes' })).toEqual([
      { kind: 'json', json: '{"fields":"role","self":"yes"}' },
    ]);
    expect(describeAuditDetails(['a', 1])).toEqual([{ kind: 'json', json: '["a",1]' }]);
    expect(describeAuditDetails('note')).toEqual([{ kind: 'json', json: '"note"' }]);
  });

  it('does not change the entry it was given', () => {
    const details = { role: 'admin', extra: true };
    describeAuditDetails(details);
    expect(details).toEqual({ role: 'admin', extra: true });
  });
});

describe('isAuditReason', () => {
  it('knows the refusal reasons the server records', () => {
    expect(isAuditReason('unknown_used_or_expired')).toBe(true);
    expect(isAuditReason('password_expired')).toBe(false);
    expect(isAuditReason(undefined)).toBe(false);
  });

  it('says whether a failed sign-in came from a browser that signed in before', () => {
    expect(describeAuditDetails({ reason: 'wrong_password', knownDevice: false })).toEqual([
      { kind: 'reason', reason: 'wrong_password' },
      { kind: 'device', known: false },
    ]);
    expect(describeAuditDetails({ knownDevice: 'yes' })).toEqual([{ kind: 'json', json: '{"knownDevice":"yes"}' }]);
  });
});
