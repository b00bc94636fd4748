import type { DemoRandom } from './demo-random.ts';

const womenFirst = ['Айгерим', 'Дана', 'Асель', 'Мадина', 'Жанар', 'Салтанат', 'Гульнар', 'Алия', 'Камила', 'Томирис'];
const menFirst = ['Ерлан', 'Нурлан', 'Данияр', 'Асхат', 'Бауыржан', 'Тимур', 'Арман', 'Серик', 'Руслан', 'Ержан'];
const surnames = [
  ['Тестов', 'Тестова'],
  ['Примеров', 'Примерова'],
  ['Образцов', 'Образцова'],
  ['Демонов', 'Демонова'],
  ['Выдумкин', 'Выдумкина'],
  ['Условный', 'Условная'],
  ['Пробный', 'Пробная'],
  ['Макетов', 'Макетова'],
] as const;

/**
 * A plainly invented person: a common first name, a surname that says "test", "sample" or "mock-up",
 * and "(демо)" after it, so nobody mistakes a demo applicant for a real volunteer.
 */
export function demoPerson(random: DemoRandom, index: number): { fullName: string; phone: string; email: string } {
  const woman = random.chance(0.55);
  const first = random.pick(woman ? womenFirst : menFirst);
  const surname = random.pick(surnames)[woman ? 1 : 0];
  return {
    fullName: `${surname} ${first} (демо)`,
    phone: demoPhone(index),
    email: `demo.volunteer.${index}@example.org`,
  };
}

/**
 * Phone numbers of the demo: +7 700 000 00 00 … +7 700 000 09 99, one block set aside for it
 * (e-mail addresses use example.org, which RFC 2606 reserves).
 */
export function demoPhone(index: number): string {
  return `+7700000${String(index % 10_000).padStart(4, '0')}`;
}
