import type { QuestionType } from '../form-definition.ts';

/**
 * The `type` cell of a survey row, with the spellings pyxform still accepts (its `aliases.py` and
 * question type dictionary): `int`, `string`, `select one from LIST`, `select all that apply from
 * LIST`, `add select one prompt using LIST`, `select_one LIST or_other`, `… or specify other`,
 * `begin_repeat`, `begin loop over LIST`… The command is matched case-insensitively; the list name
 * keeps its case (it must match `list_name` on the choices sheet). Pure.
 */
export type ParsedType =
  | { kind: 'question'; type: Exclude<QuestionType, 'single_choice' | 'multiple_choice'>; alias?: string }
  | { kind: 'select'; multiple: boolean; list: string | undefined; other: boolean; alias?: string }
  | { kind: 'begin'; control: 'group' | 'repeat' | 'loop'; list?: string; alias?: string }
  | { kind: 'end'; control: 'group' | 'repeat' | 'loop' }
  | { kind: 'metadata' }
  | { kind: 'unknown' };

type SimpleType = Exclude<QuestionType, 'single_choice' | 'multiple_choice'>;

/** Canonical XLSForm type first; every other spelling is an alias (reported as such). */
const simpleTypes: Record<string, [SimpleType, canonical: string]> = {};
const add = (type: SimpleType, canonical: string, aliases: string[]) => {
  simpleTypes[canonical] = [type, canonical];
  for (const a of aliases) simpleTypes[a] = [type, canonical];
};
add('integer', 'integer', ['int', 'add integer prompt', 'q int']);
add('decimal', 'decimal', ['add decimal prompt', 'q decimal']);
add('text', 'text', ['string', 'add text prompt', 'q string']);
add('note', 'note', ['add note prompt', 'q note']);
add('date', 'date', ['add date prompt', 'q date']);
add('time', 'time', ['add time prompt', 'q time']);
add('location', 'geopoint', ['location', 'gps', 'add location prompt', 'q location', 'q geopoint']);
add('photo', 'image', ['photo', 'add image prompt', 'add photo prompt', 'q picture', 'q image']);
add('computed', 'calculate', ['add calculate prompt', 'q calculate']);
add('yes_no', 'acknowledge', ['add acknowledge prompt', 'q acknowledge', 'trigger']);

/** Filled in by the device, not by the observer: our reports carry their own time and author. */
const metadataTypes = new Set([
  'start',
  'end',
  'today',
  'deviceid',
  'imei',
  'phonenumber',
  'username',
  'email',
  'audit',
  'simserial',
  'subscriberid',
  'start-geopoint',
  'background-audio',
  'start time',
  'end time',
  'get start time',
  'get end time',
  'get today',
  'device id',
  'get device id',
  'sim id',
  'get sim id',
  'subscriber id',
  'get subscriber id',
  'get phone number',
  'uri:subscriberid',
  'uri:phonenumber',
  'uri:simserial',
  'uri:deviceid',
  'uri:username',
  'uri:email',
]);

/** Longest first, so `select one from` wins over `select one`. */
const selectCommands: [string, boolean][] = (
  [
    ['add select one prompt using', false],
    ['add select multiple prompt using', true],
    ['select all that apply from', true],
    ['select multiple from', true],
    ['select multiple using', true],
    ['select one from', false],
    ['select one using', false],
    ['select all that apply', true],
    ['select_multiple', true],
    ['select_one', false],
    ['select one', false],
    ['q select1', false],
    ['q select', true],
    ['select1', false],
  ] as [string, boolean][]
).sort((a, b) => b[0].length - a[0].length);
const canonicalSelect = new Set(['select_one', 'select_multiple']);
const otherSuffix = /\s+(or specify other|or_other|or other)$/i;

const controls: Record<string, 'group' | 'repeat' | 'loop'> = {
  group: 'group',
  repeat: 'repeat',
  lgroup: 'repeat',
  'looped group': 'repeat',
  loop: 'loop',
};

export function parseType(cell: string): ParsedType {
  const type = cell.trim().replace(/\s+/g, ' ');
  const lower = type.toLowerCase();
  if (metadataTypes.has(lower)) return { kind: 'metadata' };
  const simple = simpleTypes[lower];
  if (simple !== undefined && Object.hasOwn(simpleTypes, lower)) {
    return { kind: 'question', type: simple[0], ...(simple[1] === lower ? {} : { alias: lower }) };
  }

  const control = /^(begin|end)[ _](group|repeat|lgroup|looped group|loop)(?:\s+over\s+(\S+))?$/i.exec(type);
  if (control) {
    const which = controls[(control[2] as string).toLowerCase()] as 'group' | 'repeat' | 'loop';
    const canonical = `${(control[1] as string).toLowerCase()} ${which}`;
    if ((control[1] as string).toLowerCase() === 'end') return { kind: 'end', control: which };
    const written = lower.replace(/\s+over\s+\S+$/, '');
    return {
      kind: 'begin',
      control: which,
      ...(control[3] ? { list: control[3] } : {}),
      ...(written === canonical ? {} : { alias: written }),
    };
  }

  for (const [command, multiple] of selectCommands) {
    if (!lower.startsWith(`${command} `) && lower !== command) continue;
    let rest = type.slice(command.length).trim();
    const other = otherSuffix.test(rest);
    if (other) rest = rest.replace(otherSuffix, '').trim();
    // `select_one LIST` has exactly one list name; `select_one_external`, `… from file x.csv` do not get here.
    if (rest.includes(' ')) return { kind: 'unknown' };
    return {
      kind: 'select',
      multiple,
      list: rest === '' ? undefined : rest,
      other,
      ...(canonicalSelect.has(command) ? {} : { alias: command }),
    };
  }
  return { kind: 'unknown' };
}
