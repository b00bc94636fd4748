import { describe, expect, it } from 'vitest';
import { offlineReadiness } from './offline-readiness.ts';

describe('ready to work offline', () => {
  it('is ready only with an active service worker and a stored pack, online or not', () => {
    expect(offlineReadiness({ worker: 'active', packStored: true, online: true })).toBe('ready');
    expect(offlineReadiness({ worker: 'active', packStored: true, online: false })).toBe('ready');
  });

  it('is preparing while either is missing, and asks for the connection when there is none', () => {
    expect(offlineReadiness({ worker: 'installing', packStored: true, online: true })).toBe('preparing');
    expect(offlineReadiness({ worker: 'active', packStored: false, online: true })).toBe('preparing');
    expect(offlineReadiness({ worker: 'installing', packStored: false, online: true })).toBe('preparing');
    expect(offlineReadiness({ worker: 'installing', packStored: true, online: false })).toBe('needsConnection');
    expect(offlineReadiness({ worker: 'active', packStored: false, online: false })).toBe('needsConnection');
  });

  it('says nothing until both answers are known, rather than flashing "preparing" on every open', () => {
    expect(offlineReadiness({ worker: null, packStored: true, online: true })).toBe('unknown');
    expect(offlineReadiness({ worker: 'active', packStored: null, online: true })).toBe('unknown');
    expect(offlineReadiness({ worker: null, packStored: null, online: false })).toBe('unknown');
  });

  it('says first that the phone refuses to store data, whatever else holds', () => {
    for (const worker of ['active', 'installing', 'unavailable', null] as const) {
      for (const packStored of [true, false, null]) {
        for (const online of [true, false]) {
          expect(offlineReadiness({ worker, packStored, online, storageFailed: true })).toBe('storageUnavailable');
        }
      }
    }
    expect(offlineReadiness({ worker: 'active', packStored: true, online: true, storageFailed: false })).toBe('ready');
  });

  it('without service workers the app needs the connection to open, whatever is stored', () => {
    for (const packStored of [true, false, null]) {
      for (const online of [true, false]) {
        expect(offlineReadiness({ worker: 'unavailable', packStored, online })).toBe('onlineOnly');
      }
    }
  });
});
