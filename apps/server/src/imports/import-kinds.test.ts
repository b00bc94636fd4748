import { readFileSync } from 'node:fs';
import { importKinds, permissions } from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import { importKindRegistry } from './import-kinds.ts';

describe('the registry of import kinds', () => {
  it('has one definition for every kind the API accepts, under its own name', () => {
    expect(Object.keys(importKindRegistry).sort()).toEqual([...importKinds].sort());
    for (const kind of importKinds) {
      const definition = importKindRegistry[kind];
      expect(definition.kind).toBe(kind);
      expect(Object.keys(permissions)).toContain(definition.permission);
      expect(['none', 'optional', 'required']).toContain(definition.election);
    }
    expect(Object.isFrozen(importKindRegistry)).toBe(true);
  });

  it('is the only place the service and the worker learn about a kind: neither names one', () => {
    for (const file of ['imports.service.ts', 'import-worker.ts']) {
      const source = readFileSync(new URL(file, import.meta.url), 'utf8');
      for (const kind of importKinds) expect(source, `${file} names '${kind}'`).not.toContain(`'${kind}'`);
    }
  });
});
