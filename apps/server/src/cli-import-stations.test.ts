import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';

const bin = new URL('../bin/pollwatch.js', import.meta.url).pathname;

function cli(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('pollwatch import stations --create-areas', () => {
  it("imports a commission's list (no address, regions the tree lacks) in one step", () => {
    const DATA_DIR = mkdtempSync(join(tmpdir(), 'pollwatch-cli-'));
    expect(cli(['seed', 'demo'], { DATA_DIR }).code).toBe(0);
    const file = join(DATA_DIR, 'уик.csv');
    writeFileSync(
      file,
      iconv.encode(
        [
          'Область;ТИК;№ УИК;Число избирателей',
          'Каспийская область;Актауская городская ТИК;1;2 310',
          'Каспийская обл.;Актауская городская ТИК;2;1 904',
          'г. Алматы;Жетысуская районная ТИК;9101;1 500',
        ].join('\r\n'),
        'win1251',
      ),
    );

    const refused = cli(['import', 'stations', file], { DATA_DIR });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('rows 3: added 1, changed 0, unchanged 0, rejected 2');
    expect(refused.stdout).toContain('not in the tree: region "Каспийская область" (2 station(s), first on line 2)');
    expect(refused.stdout).toContain('line 2, region: unknown_area missing=1');
    expect(refused.stdout).toContain('--create-areas creates them');

    const dry = cli(['import', 'stations', file, '--create-areas', '--dry-run'], { DATA_DIR });
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    expect(dry.stdout).toContain('3 station(s) without an address');
    expect(dry.stdout).toContain('will create region "Каспийская область" (2 station(s)');
    expect(dry.stdout).toContain('will create city "Актауская городская ТИК" in "Каспийская область"');
    // The demo's Almaty is found by "г. Алматы", its district by the commission's name.
    expect(dry.stdout).toMatch(/line 4, region: "г\. Алматы" taken as "Алматы"/);
    expect(dry.stdout).toMatch(/line 4, area: "Жетысуская районная ТИК" taken as "Жетысуский район"/);

    const applied = cli(['import', 'stations', file, '--create-areas', '--json'], { DATA_DIR });
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ applied: true, added: 3, areasCreated: 2, withoutAddress: 3 });

    const again = cli(['import', 'stations', file, '--create-areas'], { DATA_DIR });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('rows 3: added 0, changed 0, unchanged 3, rejected 0');
    expect(again.stdout).not.toContain('will create');
    expect(cli(['import', 'stations', '--help'], { DATA_DIR }).stdout).toContain('--create-areas');
  }, 180_000);
});
