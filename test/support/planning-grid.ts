// Browser helpers for the planning grid (client/src/features/planning/planning-grid.tsx): its rows,
// cells and the cell that has the keyboard.
import type { Locator, Page } from 'playwright-core';

export const textOf = async (locator: Locator): Promise<string> => ((await locator.textContent()) ?? '').trim();

/** The row (its <tbody>) of the line for an item code in a channel. */
export const gridRow = (page: Page, code: string, channel: 'essalud' | 'minsa_corporate' = 'essalud'): Locator =>
  page.getByTestId(`line-${code}-${channel}`);

/** A cell of a row by column: code, name, channel, segment, process, quantity, unitPrice, amount. */
export const gridCell = (row: Locator, column: string): Locator => row.locator(`[data-field="${column}"]`);

/** The column (data-field) and line id of the cell that has the focus, or null when none does. */
export function focusedCell(page: Page): Promise<{ line: string; field: string } | null> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    const cell = active?.closest<HTMLElement>('[data-line]');
    return cell ? { line: cell.dataset.line ?? '', field: cell.dataset.field ?? '' } : null;
  });
}

/** The grid's cell editor (an input or select labelled "<Campo> de <código>"). */
export const cellEditor = (page: Page): Locator => page.locator('.cell-editor');
