import { randomUUID } from 'node:crypto';
import { maskAddress, NATIONAL_SCOPE } from '@pollwatch/core';
import type { NewChannelMessage, Store } from '@pollwatch/db';
import { senderHash } from '../channels/channels.service.ts';

/**
 * The demo's message log (issue 22): a morning of SMS and Telegram traffic from the rehearsal's
 * observers — coded turnout accepted and answered, a mistyped code refused with what to fix, a
 * repeat recorded once, a guided Telegram incident, a stranger's number refused, a gateway error.
 * Numbers are demo ones and stored only masked and hashed, as real ones are.
 */
export async function addDemoMessages(store: Store, electionId: string, now: () => Date): Promise<number> {
  if ((await store.channels.listMessages({ scope: NATIONAL_SCOPE }, { limit: 1, offset: 0 })).total > 0) return 0;
  const assignments = (await store.assignments.list({ electionId })).slice(0, 14);
  if (assignments.length === 0) return 0;
  const start = now().getTime() - 20 * 3600_000;
  const rows: NewChannelMessage[] = [];
  let minute = 0;
  const add = (
    m: Omit<NewChannelMessage, 'id' | 'createdAt' | 'senderHash' | 'senderMask' | 'reportId'> & { address: string },
  ) => {
    const { address, ...rest } = m;
    minute += 7;
    rows.push({
      ...rest,
      id: randomUUID(),
      reportId: null,
      senderHash: senderHash(store.keyring, address),
      senderMask: maskAddress(m.channel, address),
      createdAt: new Date(start + minute * 60_000),
    });
  };
  for (const [i, a] of assignments.entries()) {
    const sms = i % 3 !== 2;
    const channel = sms ? 'sms' : 'telegram';
    const address = sms ? `+7700000${String(1000 + i).padStart(4, '0')}` : String(500_000 + i * 37);
    const who = { userId: a.observerId, stationId: a.stationId, channel, address } as const;
    const count = 150 + i * 23;
    add({ ...who, direction: 'in', status: 'accepted', outcome: 'recorded', text: `TURNOUT A1000 B${count} C2` });
    add({
      ...who,
      direction: 'out',
      status: 'accepted',
      outcome: 'reply',
      text: `Принято: Явка. A 10:00, B ${count}, C 2`,
    });
    if (i % 4 === 1) {
      add({ ...who, direction: 'in', status: 'refused', outcome: 'rejected', text: 'TURNOUT A25:99 ZZ9' });
      add({
        ...who,
        direction: 'out',
        status: 'accepted',
        outcome: 'reply',
        text: 'Не принято: Явка. Исправьте: A — время в виде ЧЧММ, например 1430; ZZ — неизвестный код. Отправьте сообщение целиком заново.',
      });
    }
    if (i % 5 === 3) {
      add({ ...who, direction: 'in', status: 'accepted', outcome: 'duplicate', text: `TURNOUT A1000 B${count} C2` });
    }
    if (!sms && i % 2 === 0) {
      add({ ...who, direction: 'in', status: 'accepted', outcome: 'guided', text: '[form:incident]' });
      add({ ...who, direction: 'in', status: 'accepted', outcome: 'recorded', text: '[send]' });
      add({ ...who, direction: 'out', status: 'accepted', outcome: 'reply', text: 'Принято: Нарушение.' });
    }
  }
  const stranger = { userId: null, stationId: null, channel: 'sms', address: '+77009990011' } as const;
  add({ ...stranger, direction: 'in', status: 'refused', outcome: 'not_registered', text: 'TURNOUT A1000 B50' });
  add({
    ...stranger,
    direction: 'out',
    status: 'error',
    outcome: 'reply',
    text: 'Этот номер не зарегистрирован в сети наблюдателей.',
  });
  for (const row of rows) await store.channels.logMessage(row);
  return rows.length;
}
