// ABC analysis by value and the ABC × VEN matrix (shared/abc-analysis.ts). Expected values are
// worked by hand in the comments; properties check the rules on random programmes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AbcInputError,
  abcAnalysis,
  abcVenCells,
  abcVenMatrix,
  type AbcItemInput,
  type AbcVenItem,
} from '../../shared/abc-analysis.ts';
import type { VenClass } from '../../shared/domain.ts';

const item = (itemId: number, code: string, amount: string, ven: VenClass = 'essential') => ({ itemId, code, amount, ven });

/** Five items worth 1,000.00 in all, given out of order. */
const programme = [
  item(3, 'C-003', '150.00', 'non_essential'),
  item(1, 'A-001', '500.00', 'vital'),
  item(5, 'E-005', '0.00', 'non_essential'),
  item(4, 'D-004', '50.00', 'vital'),
  item(2, 'B-002', '300.00', 'essential'),
];

function errorOf(run: () => unknown): AbcInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof AbcInputError) return error;
    throw error;
  }
  throw new Error('expected an AbcInputError');
}

describe('ABC by value', () => {
  it('when a programme is analysed, then items are ranked by amount with shares, cumulative shares and classes', () => {
    // total 1000.00
    // A-001 500 → share 50 %, before 0 % (< 80) → A, cumulative 50 %
    // B-002 300 → 30 %, before 50 % (< 80) → A, cumulative 80 %
    // C-003 150 → 15 %, before 80 % (not < 80, < 95) → B, cumulative 95 %
    // D-004  50 →  5 %, before 95 % (not < 95) → C, cumulative 100 %
    // E-005   0 →  0 %, before 100 % → C
    const result = abcAnalysis(programme);
    expect(result.total).toBe('1000.00');
    expect(result.items.map(({ code, amount, share, cumulativeShare, class: abc }) => [code, amount, share, cumulativeShare, abc])).toEqual([
      ['A-001', '500.00', '50.0000', '50.0000', 'A'],
      ['B-002', '300.00', '30.0000', '80.0000', 'A'],
      ['C-003', '150.00', '15.0000', '95.0000', 'B'],
      ['D-004', '50.00', '5.0000', '100.0000', 'C'],
      ['E-005', '0.00', '0.0000', '100.0000', 'C'],
    ]);
    expect(result.classes).toEqual([
      { class: 'A', items: 2, amount: '800.00', share: '80.0000' },
      { class: 'B', items: 1, amount: '150.00', share: '15.0000' },
      { class: 'C', items: 2, amount: '50.00', share: '5.0000' },
    ]);
    expect([result.a, result.b]).toEqual(['80', '15']);
  });

  it('when items carry other fields, then they are kept beside the computed ones', () => {
    expect(abcAnalysis(programme).items[0]).toEqual({ itemId: 1, code: 'A-001', amount: '500.00', ven: 'vital', share: '50.0000', cumulativeShare: '50.0000', class: 'A' });
  });

  it('when amounts are equal, then items are ordered by code, then by item id', () => {
    const result = abcAnalysis([item(9, 'Z', '10'), item(7, 'M', '10'), item(8, 'M', '10'), item(1, 'A', '5')]);
    expect(result.items.map((entry) => [entry.code, entry.itemId])).toEqual([
      ['M', 7],
      ['M', 8],
      ['Z', 9],
      ['A', 1],
    ]);
  });

  it('when one item is most of the value, then it is A even past the cut-off, and the next item is B', () => {
    // X 90 %: before 0 % → A; Y 10 %: before 90 % (< 95) → B
    expect(abcAnalysis([item(1, 'X', '90'), item(2, 'Y', '10')]).items.map((entry) => entry.class)).toEqual(['A', 'B']);
  });

  it('when the cumulative share before an item is just below the cut-off, then the item is still A', () => {
    // R: before it 799.99 ÷ 1000 = 79.999 % < 80 → A; S: before it 950 ÷ 1000 = 95 %, not below 95 → C
    const result = abcAnalysis([item(1, 'P', '500'), item(2, 'Q', '299.99'), item(3, 'R', '150.01'), item(4, 'S', '50')]);
    expect(result.items.map((entry) => entry.class)).toEqual(['A', 'A', 'A', 'C']);
  });

  it('when the shares do not divide evenly, then each is rounded half up to 4 decimals from the exact amounts', () => {
    // 1 ÷ 3 = 33.33333… % → 33.3333; cumulative 2 ÷ 3 = 66.66666… % → 66.6667 (not 33.3333 + 33.3333)
    // the last cumulative share is exactly 100.0000 while the rounded shares add up to 99.9999
    const result = abcAnalysis([item(1, 'A', '1'), item(2, 'B', '1'), item(3, 'C', '1')]);
    expect(result.items.map((entry) => [entry.share, entry.cumulativeShare])).toEqual([
      ['33.3333', '33.3333'],
      ['33.3333', '66.6667'],
      ['33.3333', '100.0000'],
    ]);
  });

  it('when a share falls half way at the fifth decimal, then it rounds half up', () => {
    // total 2,000,000: B's share is 1 ÷ 2,000,000 = 0.00005 % → 0.0001 (half to even would give 0.0000)
    const result = abcAnalysis([item(1, 'A', '1999999'), item(2, 'B', '1')]);
    expect(result.items[1]!.share).toBe('0.0001');
  });

  it('when the cut-offs are configured, then the classes follow them', () => {
    // a = 50, b = 30: A-001 before 0 → A; B-002 before 50 (not < 50, < 80) → B; C-003 before 80 → C
    const result = abcAnalysis(programme, { a: '50', b: '30' });
    expect(result.items.map((entry) => entry.class)).toEqual(['A', 'B', 'C', 'C', 'C']);
    expect([result.a, result.b]).toEqual(['50', '30']);
  });

  it('when amounts have more than two decimals, then every amount is written with as many', () => {
    // 0.125 + 0.5 = 0.625
    const result = abcAnalysis([item(1, 'A', '0.125'), item(2, 'B', '0.5')]);
    expect(result.total).toBe('0.625');
    expect(result.items.map((entry) => entry.amount)).toEqual(['0.500', '0.125']);
  });

  it('when the programme is worth nothing, then every share is 0 and every item is C, without dividing by zero', () => {
    const result = abcAnalysis([item(1, 'A', '0'), item(2, 'B', '0.00')]);
    expect(result.total).toBe('0.00');
    expect(result.items.map((entry) => [entry.code, entry.share, entry.cumulativeShare, entry.class])).toEqual([
      ['A', '0.0000', '0.0000', 'C'],
      ['B', '0.0000', '0.0000', 'C'],
    ]);
    expect(result.classes.map((summary) => [summary.class, summary.items, summary.share])).toEqual([
      ['A', 0, '0.0000'],
      ['B', 0, '0.0000'],
      ['C', 2, '0.0000'],
    ]);
  });

  it('when the programme has no items, then the classes are there and empty', () => {
    expect(abcAnalysis([])).toEqual({
      total: '0.00',
      a: '80',
      b: '15',
      items: [],
      classes: [
        { class: 'A', items: 0, amount: '0.00', share: '0.0000' },
        { class: 'B', items: 0, amount: '0.00', share: '0.0000' },
        { class: 'C', items: 0, amount: '0.00', share: '0.0000' },
      ],
    });
  });

  it.each([
    ['a negative amount', [item(1, 'A', '-5')], {}, 'items.0.amount'],
    ['an amount that is not a number', [item(1, 'A', '1,5')], {}, 'items.0.amount'],
    ['an A cut-off above 100', [], { a: '101' }, 'a'],
    ['cut-offs adding up beyond 100', [], { a: '90', b: '15' }, 'b'],
    ['a negative B cut-off', [], { b: '-1' }, 'b'],
    ['a cut-off that is not a number', [], { a: 'ochenta' }, 'a'],
  ] as const)('when the analysis has %s, then the error names the field', (_what, items, cutoffs, field) => {
    expect(errorOf(() => abcAnalysis(items as readonly AbcItemInput[], cutoffs)).field).toBe(field);
  });

  it('when the cut-offs add up beyond 100, then the message says so in Spanish', () => {
    expect(errorOf(() => abcAnalysis([], { a: '90', b: '15' })).message).toBe('Corte de la clase B (b): A + B no puede superar 100 %; 90 + 15 = 105');
  });
});

describe('ABC × VEN', () => {
  it('when the worked programme is placed in the matrix, then each cell has its items and amount', () => {
    // A-001 A·V, B-002 A·E, C-003 B·N, D-004 C·V, E-005 C·N
    const matrix = abcVenMatrix(abcAnalysis(programme).items);
    expect(matrix.total).toBe('1000.00');
    expect(matrix.cells.map(({ cell, category, items, amount, share, itemIds }) => [cell, category, items, amount, share, itemIds])).toEqual([
      ['AV', 'I', 1, '500.00', '50.0000', [1]],
      ['AE', 'I', 1, '300.00', '30.0000', [2]],
      ['AN', 'I', 0, '0.00', '0.0000', []],
      ['BV', 'I', 0, '0.00', '0.0000', []],
      ['BE', 'II', 0, '0.00', '0.0000', []],
      ['BN', 'II', 1, '150.00', '15.0000', [3]],
      ['CV', 'I', 1, '50.00', '5.0000', [4]],
      ['CE', 'II', 0, '0.00', '0.0000', []],
      ['CN', 'III', 1, '0.00', '0.0000', [5]],
    ]);
    // I = 500 + 300 + 50 = 850 (3 items); II = 150 (1); III = 0 (1)
    expect(matrix.categories).toEqual([
      { category: 'I', cells: ['AV', 'AE', 'AN', 'BV', 'CV'], items: 3, amount: '850.00', share: '85.0000' },
      { category: 'II', cells: ['BE', 'BN', 'CE'], items: 1, amount: '150.00', share: '15.0000' },
      { category: 'III', cells: ['CN'], items: 1, amount: '0.00', share: '0.0000' },
    ]);
  });

  it('when the categories are configured, then the cells are grouped by them', () => {
    const categories = { Crítico: ['AV', 'BV', 'CV'], Vigilar: ['AE', 'AN', 'BE'], Rutina: ['BN', 'CE', 'CN'] };
    const matrix = abcVenMatrix(abcAnalysis(programme).items, categories);
    // Crítico: A-001 500 + D-004 50 = 550; Vigilar: B-002 300; Rutina: C-003 150 + E-005 0
    expect(matrix.categories.map(({ category, items, amount }) => [category, items, amount])).toEqual([
      ['Crítico', 2, '550.00'],
      ['Vigilar', 1, '300.00'],
      ['Rutina', 2, '150.00'],
    ]);
  });

  it.each([
    ['a cell left out', { I: ['AV', 'AE', 'AN', 'BV', 'CV'], II: ['BE', 'CE', 'BN'] }, /falta asignar CN/],
    ['a cell in two categories', { I: ['AV', 'AE', 'AN', 'BV', 'CV'], II: ['BE', 'CE', 'BN', 'AV'], III: ['CN'] }, /la celda AV está en «I» y en «II»/],
    ['an unknown cell', { I: ['AV', 'AE', 'AN', 'BV', 'CV', 'DV'], II: ['BE', 'CE', 'BN'], III: ['CN'] }, /"DV" no es una celda/],
  ])('when the categories have %s, then they are refused with a Spanish message on categories', (_what, categories, message) => {
    const error = errorOf(() => abcVenMatrix([], categories));
    expect(error.field).toBe('categories');
    expect(error.message).toMatch(message);
  });

  it('when the programme is worth nothing, then every cell share is 0', () => {
    const matrix = abcVenMatrix(abcAnalysis([item(1, 'A', '0', 'vital')]).items);
    expect(matrix.cells.find((cell) => cell.cell === 'CV')).toMatchObject({ items: 1, share: '0.0000' });
    expect(matrix.categories.every((category) => category.share === '0.0000')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const ven = fc.constantFrom<VenClass>('vital', 'essential', 'non_essential');

/** Amounts in cents (bigint), so the expected total is independent of the code under test. */
const programmeItems = fc
  .uniqueArray(
    fc.record({
      itemId: fc.integer({ min: 1, max: 1_000_000 }),
      code: fc.stringMatching(/^[A-Z]{1,2}\d{0,2}$/),
      cents: fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.constantFrom(0n, 100n, 5000n)),
      ven,
    }),
    { selector: (entry) => entry.itemId, maxLength: 40 },
  )
  .map((entries) => entries.map(({ cents, ...rest }) => ({ ...rest, cents, amount: fromCents(cents) })));

const cutoffs = fc
  .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }))
  .filter(([a, b]) => a + b <= 100)
  .map(([a, b]) => ({ a: String(a), b: String(b) }));

function fromCents(cents: bigint): string {
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

function toCents(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

const rank = { A: 0, B: 1, C: 2 } as const;

describe('ABC properties', () => {
  it('when any programme is analysed, then the classes never go back (A… then B… then C…) and amounts never rise', () => {
    fc.assert(
      fc.property(programmeItems, cutoffs, (items, cut) => {
        const result = abcAnalysis(items, cut);
        for (let i = 1; i < result.items.length; i++) {
          const previous = result.items[i - 1]!;
          const current = result.items[i]!;
          expect(rank[previous.class] <= rank[current.class]).toBe(true);
          expect(toCents(previous.amount) >= toCents(current.amount)).toBe(true);
          expect(Number(previous.cumulativeShare) <= Number(current.cumulativeShare)).toBe(true);
        }
      }),
    );
  });

  it('when any programme is analysed, then the class amounts and counts add up exactly to the total', () => {
    fc.assert(
      fc.property(programmeItems, cutoffs, (items, cut) => {
        const result = abcAnalysis(items, cut);
        const total = items.reduce((sum, entry) => sum + entry.cents, 0n);
        expect(toCents(result.total)).toBe(total);
        expect(result.classes.reduce((sum, summary) => sum + toCents(summary.amount), 0n)).toBe(total);
        expect(result.classes.reduce((sum, summary) => sum + summary.items, 0)).toBe(items.length);
        for (const summary of result.classes) {
          const members = result.items.filter((entry) => entry.class === summary.class);
          expect(toCents(summary.amount)).toBe(members.reduce((sum, entry) => sum + toCents(entry.amount), 0n));
        }
      }),
    );
  });

  it('when an item is A, then the value before it is below the A cut-off; when C, the value before it reaches A + B', () => {
    fc.assert(
      fc.property(programmeItems, cutoffs, (items, cut) => {
        const result = abcAnalysis(items, cut);
        const total = toCents(result.total);
        let before = 0n;
        for (const entry of result.items) {
          // before ÷ total < cut-off ÷ 100  ⇔  before × 100 < cut-off × total
          const belowA = before * 100n < BigInt(cut.a) * total;
          const belowAB = before * 100n < BigInt(Number(cut.a) + Number(cut.b)) * total;
          expect(entry.class).toBe(belowA ? 'A' : belowAB ? 'B' : 'C');
          before += toCents(entry.amount);
        }
      }),
    );
  });

  it('when the items arrive in another order, then the result is the same', () => {
    fc.assert(
      fc.property(
        programmeItems.chain((items) => fc.tuple(fc.constant(items), fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }))),
        ([items, shuffled]) => {
          expect(abcAnalysis(shuffled)).toEqual(abcAnalysis(items));
          expect(abcVenMatrix(abcAnalysis(shuffled).items)).toEqual(abcVenMatrix(abcAnalysis(items).items));
        },
      ),
    );
  });

  it('when any programme is placed in the ABC × VEN matrix, then the cells and categories add up exactly to the total', () => {
    fc.assert(
      fc.property(programmeItems, (items) => {
        const analysed: AbcVenItem[] = abcAnalysis(items).items;
        const matrix = abcVenMatrix(analysed);
        const total = toCents(matrix.total);
        expect(matrix.cells.map((cell) => cell.cell)).toEqual(abcVenCells);
        expect(matrix.cells.reduce((sum, cell) => sum + toCents(cell.amount), 0n)).toBe(total);
        expect(matrix.categories.reduce((sum, category) => sum + toCents(category.amount), 0n)).toBe(total);
        expect(matrix.cells.flatMap((cell) => cell.itemIds).sort((x, y) => x - y)).toEqual(items.map((entry) => entry.itemId).sort((x, y) => x - y));
      }),
    );
  });
});
