import { moves, type OpenCaseWindow } from '../../register/calendarReach';

const w = (open_from: string | null, open_until: string | null, dates_provisional: number | null = 0): OpenCaseWindow => ({ id: 'A', workflow_id: 'application-A', open_from, open_until, dates_provisional });

test('a change moves a case only if a changed day is in (open_from, open_until]', () => {
  const days = ['2026-12-22'];
  expect(moves(w('2026-12-01', '2026-12-30'), days, false)).toBe(true);
  expect(moves(w('2026-12-01', '2026-12-22'), days, false)).toBe(true);
  expect(moves(w('2026-12-01', '2026-12-21'), days, false)).toBe(false);
  expect(moves(w('2026-12-22', '2026-12-30'), days, false)).toBe(false); // the receipt day itself is never counted
  expect(moves(w('2026-12-01', null), days, false)).toBe(true); // paused or overdue: any later day
  expect(moves(w('2027-01-04', null), days, false)).toBe(false);
  expect(moves(w('2026-12-01', '2026-12-30'), [], false)).toBe(false);
  expect(moves(w('2026-12-01', '2026-12-10'), ['2026-11-30', '2026-12-05', '2027-02-01'], false)).toBe(true);
});

test('rows without a window are always reached; an import also reaches the cases whose dates are provisional', () => {
  expect(moves(w(null, null, null), [], false)).toBe(true);
  expect(moves(w('2026-12-01', '2027-01-05', 1), ['2027-02-10'], true)).toBe(true);
  expect(moves(w('2026-12-01', '2027-01-05', 1), ['2027-02-10'], false)).toBe(false);
  expect(moves(w('2026-12-01', '2027-01-05', 0), ['2027-02-10'], true)).toBe(false);
});
