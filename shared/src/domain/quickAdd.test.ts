import { describe, expect, it } from 'vitest';
import { parseQuickAdd } from './quickAdd';

const near = Date.UTC(2024, 4, 1, 12, 0); // 14:00 in Berlin (CEST)
const berlin = { timeZone: 'Europe/Berlin', near };

describe('quick add', () => {
  it('reads a leading clock time in the typist’s zone on the incident’s day', () => {
    expect(parseQuickAdd('14:32 restarted the pods', berlin)).toEqual({
      text: 'restarted the pods',
      occurredAt: Date.UTC(2024, 4, 1, 12, 32),
      precision: 'minute',
    });
    expect(parseQuickAdd('[14:32:10] alert fired', berlin)).toMatchObject({
      occurredAt: Date.UTC(2024, 4, 1, 12, 32, 10),
      precision: 'second',
    });
    expect(parseQuickAdd('9.05 - paged on-call', berlin)).toMatchObject({
      text: 'paged on-call',
      occurredAt: Date.UTC(2024, 4, 1, 7, 5),
    });
  });

  it('marks approximate times and reads full dates', () => {
    expect(parseQuickAdd('~14:30 someone noticed', berlin)).toMatchObject({
      precision: 'approximate',
      text: 'someone noticed',
    });
    expect(parseQuickAdd('2024-05-02 01:15 rollback done', berlin)).toMatchObject({
      occurredAt: Date.UTC(2024, 4, 1, 23, 15),
      text: 'rollback done',
    });
  });

  it('puts a clock time on the day closest to the incident', () => {
    const lateEvening = Date.UTC(2024, 4, 1, 21, 30); // 23:30 Berlin
    expect(
      parseQuickAdd('00:10 error rate back to normal', { timeZone: 'Europe/Berlin', near: lateEvening }).occurredAt,
    ).toBe(Date.UTC(2024, 4, 1, 22, 10));
  });

  it('keeps text without a valid leading time as a card of unknown time', () => {
    expect(parseQuickAdd('checked the dashboard', berlin)).toEqual({
      text: 'checked the dashboard',
      occurredAt: null,
      precision: 'minute',
    });
    expect(parseQuickAdd('25:99 not a time', berlin).occurredAt).toBeNull();
    expect(parseQuickAdd('2024 was a year', berlin).occurredAt).toBeNull();
  });
});
