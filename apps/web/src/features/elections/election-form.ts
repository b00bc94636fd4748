import {
  addDays,
  type BallotOptionKind,
  type CreateElectionBody,
  DEFAULT_MONITORING_DAYS,
  DEFAULT_POLLS_CLOSE,
  DEFAULT_POLLS_OPEN,
  DEFAULT_TURNOUT_CHECKPOINTS,
  type ElectionDto,
  type ElectionKind,
  type ElectionProblem,
  electionProblems,
  isIsoDate,
  type LocalizedText,
  type ProtocolTemplateBase,
} from '@pollwatch/core';
import { BALLOT_CODE_PATTERN, resolveBallotCodes } from './ballot-code.ts';

/** Common IANA zones offered in the time-zone field; any other valid zone may be typed. */
export const commonTimeZones = [
  'Asia/Almaty',
  'Asia/Qostanay',
  'Asia/Aqtobe',
  'Asia/Aqtau',
  'Asia/Atyrau',
  'Asia/Oral',
  'Asia/Qyzylorda',
  'Asia/Bishkek',
  'Asia/Tashkent',
  'Europe/Moscow',
  'Europe/Istanbul',
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'UTC',
] as const;

let nextKey = 0;
/** A React key for a row of an editable list; never sent to the server. */
export const rowKey = (): string => `row-${++nextKey}`;

export interface TextDraft {
  ru: string;
  kk: string;
  en: string;
}

export interface BallotOptionDraft {
  key: string;
  kind: BallotOptionKind;
  code: string;
  name: TextDraft;
}

export interface CheckpointDraft {
  key: string;
  time: string;
}

/** The election form as typed: strings everywhere, '' for "not given". */
export interface ElectionDraft {
  name: TextDraft;
  kind: ElectionKind;
  votingDate: string;
  timeZone: string;
  pollsOpen: string;
  pollsClose: string;
  /** '' means the default: voting day minus ten days. */
  monitoringFrom: string;
  checkpoints: CheckpointDraft[];
  options: BallotOptionDraft[];
  protocolTemplate: ProtocolTemplateBase;
}

const textDraft = (text?: LocalizedText): TextDraft => ({ ru: text?.ru ?? '', kk: text?.kk ?? '', en: text?.en ?? '' });

export function defaultCheckpoints(): CheckpointDraft[] {
  return DEFAULT_TURNOUT_CHECKPOINTS.map((time) => ({ key: rowKey(), time }));
}

export function emptyOption(kind: BallotOptionKind = 'candidate'): BallotOptionDraft {
  return { key: rowKey(), kind, code: '', name: textDraft() };
}

export function draftFromElection(election?: ElectionDto): ElectionDraft {
  if (!election) {
    return {
      name: textDraft(),
      kind: 'presidential',
      votingDate: '',
      timeZone: 'Asia/Almaty',
      pollsOpen: DEFAULT_POLLS_OPEN,
      pollsClose: DEFAULT_POLLS_CLOSE,
      monitoringFrom: '',
      checkpoints: defaultCheckpoints(),
      options: [],
      protocolTemplate: 'kz',
    };
  }
  return {
    name: textDraft(election.name),
    kind: election.kind,
    votingDate: election.votingDate,
    timeZone: election.timeZone,
    pollsOpen: election.pollsOpen,
    pollsClose: election.pollsClose,
    monitoringFrom: election.monitoringFrom,
    checkpoints: election.turnoutCheckpoints.map((time) => ({ key: rowKey(), time })),
    options: election.ballotOptions.map((o) => ({
      key: rowKey(),
      kind: o.kind,
      code: o.code,
      name: textDraft(o.name),
    })),
    protocolTemplate: election.protocolTemplate,
  };
}

/** Voting day minus ten days, or null while the voting day is not a date. */
export function defaultMonitoringFrom(votingDate: string): string | null {
  return isIsoDate(votingDate) ? addDays(votingDate, -DEFAULT_MONITORING_DAYS) : null;
}

function localizedText(text: TextDraft): LocalizedText {
  const kk = text.kk.trim();
  const en = text.en.trim();
  return { ru: text.ru.trim(), ...(kk && { kk }), ...(en && { en }) };
}

/** Codes of the options as they will be saved: typed ones as typed, empty ones made from the name. */
export function optionCodes(draft: ElectionDraft): string[] {
  return resolveBallotCodes(draft.options.map((o) => ({ code: o.code, nameRu: o.name.ru })));
}

/**
 * The body to send and everything wrong with it, with the same rules the server applies
 * (`electionProblems`), plus the code pattern the schema checks.
 */
export function electionFromDraft(draft: ElectionDraft): { body: CreateElectionBody; problems: ElectionProblem[] } {
  const codes = optionCodes(draft);
  const monitoringFrom = draft.monitoringFrom || defaultMonitoringFrom(draft.votingDate) || '';
  const body: CreateElectionBody = {
    name: localizedText(draft.name),
    kind: draft.kind,
    votingDate: draft.votingDate,
    timeZone: draft.timeZone.trim(),
    pollsOpen: draft.pollsOpen,
    pollsClose: draft.pollsClose,
    monitoringFrom,
    turnoutCheckpoints: draft.checkpoints.map((c) => c.time),
    ballotOptions: draft.options.map((o, i) => ({ code: codes[i] ?? '', kind: o.kind, name: localizedText(o.name) })),
    protocolTemplate: draft.protocolTemplate,
  };
  const problems = electionProblems({
    ...body,
    pollsOpen: body.pollsOpen ?? '',
    pollsClose: body.pollsClose ?? '',
    monitoringFrom,
    turnoutCheckpoints: body.turnoutCheckpoints ?? [],
    ballotOptions: body.ballotOptions ?? [],
  });
  // When the voting day is missing, "monitoring" has no default yet: one message is enough.
  const filtered = problems.filter((p) => !(p.field === 'monitoringFrom' && !draft.monitoringFrom));
  codes.forEach((code, i) => {
    if (!BALLOT_CODE_PATTERN.test(code)) filtered.push({ field: `ballotOptions/${i}/code`, code: 'invalid_code' });
  });
  return { body, problems: filtered };
}

/** The id of the input a problem is about, so the message sits under it and the summary links to it. */
export function problemInputId(field: string): string {
  const option = /^ballotOptions\/(\d+)\/(code|kind|name\/ru)$/.exec(field);
  if (option) return `election-option-${option[1]}-${option[2] === 'name/ru' ? 'name-ru' : option[2]}`;
  const checkpoint = /^turnoutCheckpoints\/(\d+)$/.exec(field);
  if (checkpoint) return `election-checkpoint-${checkpoint[1]}`;
  const simple: Record<string, string> = {
    'name.ru': 'election-name-ru',
    votingDate: 'election-voting-date',
    timeZone: 'election-time-zone',
    pollsOpen: 'election-polls-open',
    pollsClose: 'election-polls-close',
    monitoringFrom: 'election-monitoring-from',
  };
  return simple[field] ?? 'election-name-ru';
}

/** Which translated message a problem gets: "duplicate" means a code for codes, "against all" for kinds. */
export function problemMessageKey(problem: ElectionProblem): ElectionProblemMessage {
  if (problem.code === 'duplicate') return problem.field.endsWith('/kind') ? 'against_all_twice' : 'duplicate_code';
  return (electionProblemMessages as readonly string[]).includes(problem.code)
    ? (problem.code as ElectionProblemMessage)
    : 'invalid';
}

export const electionProblemMessages = [
  'required',
  'invalid_date',
  'after_voting_day',
  'invalid_time_zone',
  'invalid_time',
  'not_after_opening',
  'not_ascending',
  'duplicate_code',
  'against_all_twice',
  'invalid_code',
  'invalid',
] as const;
export type ElectionProblemMessage = (typeof electionProblemMessages)[number];

/** Moves item `index` one place up (-1) or down (+1); out of range leaves the list as it is. */
export function move<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list];
  const copy = [...list];
  const [item] = copy.splice(index, 1);
  copy.splice(target, 0, item as T);
  return copy;
}
