import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ApplicantStatus,
  ageOn,
  allowedTransitions,
  applicantStatuses,
  CURRENT_CONSENT_VERSION,
  checkJoin,
  checkTransition,
  consentTexts,
  normaliseFullName,
} from './applicant.ts';
import { iinBirthDate, iinCheckDigit, normaliseIin } from './iin.ts';
import { formatKzPhone, normaliseKzMobile } from './phone.ts';
import { makeVerificationCode, normaliseVerificationCode } from './verification-code.ts';

/** Builds a valid IIN from a birth date, century digit and serial. */
function iinFor(yymmdd: string, centuryDigit: number, serial: string): string | null {
  const first11 = `${yymmdd}${centuryDigit}${serial}`;
  const check = iinCheckDigit(first11);
  return check === null ? null : `${first11}${check}`;
}

describe('Kazakhstan mobile numbers', () => {
  it.each([
    ['+7 701 123 45 67', '+77011234567'],
    ['8 (701) 123-45-67', '+77011234567'],
    ['87011234567', '+77011234567'],
    ['77071234567', '+77071234567'],
    ['747 123 4567', '+77471234567'],
    ['+7-775-000-00-00', '+77750000000'],
    ['8 705 1234567', '+77051234567'],
  ])('%s → %s', (input, e164) => {
    expect(normaliseKzMobile(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['+7 727 250 00 00', 'phone_not_kz_mobile'], // Almaty landline
    ['8 7172 55 55 55', 'phone_not_kz_mobile'], // Astana landline
    ['+7 916 123 45 67', 'phone_not_kz_mobile'], // Russian mobile
    ['+998 90 123 45 67', 'phone_not_kz_mobile'], // Uzbekistan
    ['12345', 'phone_invalid'],
    ['+7 701 123 45 6', 'phone_invalid'],
    ['phone', 'phone_invalid'],
    ['+7 701 123 45 678', 'phone_invalid'],
    ['<script>', 'phone_invalid'],
  ])('refuses %s with %s', (input, code) => {
    expect(normaliseKzMobile(input)).toEqual({ ok: false, code });
  });

  it('normalises every way of writing a mobile number to the same E.164, and formats it back', () => {
    fc.assert(
      fc.property(fc.constantFrom('0', '4', '5', '6', '7'), fc.stringMatching(/^\d{8}$/), (d, rest) => {
        const national = `7${d}${rest}`;
        const e164 = `+7${national}`;
        for (const written of [e164, `8${national}`, `7${national}`, national, formatKzPhone(e164)]) {
          expect(normaliseKzMobile(written)).toEqual({ ok: true, e164 });
        }
      }),
    );
  });
});

describe('IIN', () => {
  it('accepts a valid IIN and reads its birth date', () => {
    const iin = iinFor('900315', 3, '0123') as string;
    expect(normaliseIin(iin)).toEqual({ ok: true, iin });
    expect(normaliseIin(`${iin.slice(0, 6)} ${iin.slice(6)}`)).toEqual({ ok: true, iin });
    expect(iinBirthDate(iin)).toBe('1990-03-15');
    expect(iinBirthDate(iinFor('050101', 5, '0001') as string)).toBe('2005-01-01');
  });

  it('uses the second weights when the first sum gives 10', () => {
    // Find a prefix whose first-weights sum is 10 mod 11 and check the second weights decide.
    let found = false;
    for (let serial = 0; serial < 10_000 && !found; serial++) {
      const first11 = `900315${3}${String(serial).padStart(4, '0')}`;
      const s1 = [...first11].reduce((s, d, i) => s + Number(d) * (i + 1), 0) % 11;
      if (s1 !== 10) continue;
      const w2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
      const s2 = [...first11].reduce((s, d, i) => s + Number(d) * (w2[i] ?? 0), 0) % 11;
      expect(iinCheckDigit(first11)).toBe(s2 === 10 ? null : s2);
      found = true;
    }
    expect(found).toBe(true);
  });

  it.each([
    ['12345678901', 'too short'],
    ['1234567890123', 'too long'],
    ['90031530012a', 'not digits'],
    ['901315300123', 'month 13'],
    ['900230300123', '30 February'],
    ['900315700123', 'century digit 7'],
  ])('refuses %s (%s)', (iin) => {
    expect(normaliseIin(iin)).toEqual({ ok: false, code: 'iin_invalid' });
  });

  it('refuses every wrong check digit', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1901-01-01'), max: new Date('2008-12-31'), noInvalidDate: true }),
        fc.stringMatching(/^\d{4}$/),
        fc.integer({ min: 0, max: 9 }),
        (birth, serial, wrong) => {
          const iso = birth.toISOString().slice(0, 10);
          const century = Number(iso.slice(0, 2)) === 19 ? 3 : 5;
          const iin = iinFor(`${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`, century, serial);
          if (!iin) return;
          expect(normaliseIin(iin)).toEqual({ ok: true, iin });
          expect(iinBirthDate(iin)).toBe(iso);
          if (String(wrong) !== iin[11]) {
            expect(normaliseIin(`${iin.slice(0, 11)}${wrong}`)).toEqual({ ok: false, code: 'iin_invalid' });
          }
        },
      ),
    );
  });
});

describe('age on election day', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('2004-11-20', '2022-11-20')).toBe(18);
    expect(ageOn('2004-11-21', '2022-11-20')).toBe(17);
    expect(ageOn('2004-02-29', '2022-02-28')).toBe(17);
    expect(ageOn('2004-02-29', '2022-03-01')).toBe(18);
  });
});

describe('the join form', () => {
  const valid = {
    fullName: '  Әсем   Ғалымқызы ',
    phone: '8 (701) 123-45-67',
    birthDate: '1990-03-15',
    languages: ['kk', 'ru', 'kk'] as const,
    availability: ['election_day'] as const,
    consent: true,
    consentVersion: CURRENT_CONSENT_VERSION,
    locale: 'kk' as const,
  };

  it('normalises a valid sign-up', () => {
    const { value } = checkJoin({ ...valid, iin: iinFor('900315', 3, '0123') as string }, '2022-11-20');
    expect(value).toMatchObject({ fullName: 'Әсем Ғалымқызы', phone: '+77011234567', languages: ['kk', 'ru'] });
  });

  it('reports every problem by field', () => {
    const result = checkJoin(
      {
        ...valid,
        fullName: '<script>alert(1)</script>',
        phone: '+7 727 250 00 00',
        birthDate: '2004-11-21',
        iin: '123456789012',
        consent: false,
      },
      '2022-11-20',
    );
    expect(result.problems).toEqual([
      { field: 'fullName', code: 'name_invalid' },
      { field: 'phone', code: 'phone_not_kz_mobile' },
      { field: 'birthDate', code: 'under_age' },
      { field: 'iin', code: 'iin_invalid' },
      { field: 'consent', code: 'consent_required' },
    ]);
  });

  it('refuses an IIN of another birth date and an unknown consent version', () => {
    const other = iinFor('910315', 3, '0123') as string;
    expect(checkJoin({ ...valid, iin: other }, '2022-11-20').problems).toEqual([
      { field: 'iin', code: 'iin_birth_date_mismatch' },
    ]);
    expect(checkJoin({ ...valid, consentVersion: 'v0' }, '2022-11-20').problems).toEqual([
      { field: 'consent', code: 'consent_required' },
    ]);
  });

  it('has the consent text in ru, kk and en', () => {
    const text = consentTexts[CURRENT_CONSENT_VERSION];
    expect(Object.keys(text).sort()).toEqual(['en', 'kk', 'ru']);
  });

  it('accepts names in any script and refuses markup and digits', () => {
    expect(normaliseFullName("O'Brien-Қасымова Ұлжан")).toBe("O'Brien-Қасымова Ұлжан");
    expect(normaliseFullName('Иван 2')).toBeNull();
    expect(normaliseFullName('<b>Иван</b>')).toBeNull();
    expect(normaliseFullName('И')).toBeNull();
  });
});

describe('the applicant status machine', () => {
  it('moves forward one step at a time along the pipeline', () => {
    const path: ApplicantStatus[] = ['applied', 'contacted', 'in_training', 'certified', 'accredited', 'active'];
    for (let i = 0; i + 1 < path.length; i++) {
      expect(checkTransition(path[i] as ApplicantStatus, path[i + 1] as ApplicantStatus, undefined)).toBeNull();
    }
    expect(checkTransition('applied', 'certified', undefined)).toBe('status_transition_invalid');
    expect(checkTransition('active', 'applied', 'x')).toBe('status_transition_invalid');
  });

  it('needs a reason to reject, to step back and to reopen a rejection', () => {
    expect(checkTransition('contacted', 'rejected', '')).toBe('reason_required');
    expect(checkTransition('contacted', 'rejected', 'no answer')).toBeNull();
    expect(checkTransition('certified', 'in_training', undefined)).toBe('reason_required');
    expect(checkTransition('withdrawn', 'applied', undefined)).toBeNull();
    expect(checkTransition('rejected', 'applied', undefined)).toBe('reason_required');
    expect(checkTransition('contacted', 'withdrawn', undefined)).toBeNull();
  });

  it('never allows staying put, and every status can be left', () => {
    fc.assert(
      fc.property(fc.constantFrom(...applicantStatuses), (s) => {
        expect(allowedTransitions(s)).not.toContain(s);
        expect(allowedTransitions(s).length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('verification codes', () => {
  it('are 16 symbols of the invite alphabet in groups of four, and read back forgivingly', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const code = makeVerificationCode((n) => crypto.getRandomValues(new Uint8Array(n)));
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
      expect(normaliseVerificationCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
      seen.add(code);
    }
    expect(seen.size).toBe(200);
    expect(normaliseVerificationCode('nope')).toBeNull();
  });
});
