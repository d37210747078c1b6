// Possible duplicates, warned before they are created: for the item form as the user types, and
// for every row an import would create or redescribe. Warnings; nothing here refuses anything.
import type { Kysely } from 'kysely';
import type { ImportWarning, PossibleDuplicates } from '../../../shared/api.ts';
import type { ItemInput, PossibleDuplicatesQuery } from '../../../shared/api-schemas.ts';
import { codeKey, descriptionKey, duplicateReasons, possibleDuplicateMessage } from '../../../shared/item-duplicates.ts';
import type { Database } from '../../../db/schema.ts';
import { inTurns, nextTurn } from '../../platform/event-loop.ts';
import { findPossibleDuplicates, MAX_DUPLICATES_PER_ITEM } from './items.repository.ts';

export async function listPossibleDuplicates(db: Kysely<Database>, query: PossibleDuplicatesQuery): Promise<PossibleDuplicates> {
  const found = await findPossibleDuplicates(db, [query]);
  return { duplicates: found.map((match) => match.duplicate) };
}

/** A valid row of an import file, as the formulary will hold it once applied. */
export interface ImportedRow {
  row: number;
  item: ItemInput;
  /** The stored item the row updates (same code), if any. */
  existingId: number | undefined;
  /** Whether the row creates an item or changes its description: only those are checked. */
  check: boolean;
}

const DRAFTS_PER_QUERY = 1000;

const nameOf = (item: ItemInput) => `${item.dci} ${item.strength} ${item.dosageForm}`;

/**
 * For each checked row, the items it may repeat: stored items the file does not list, and the
 * file's own rows (items it updates, wherever they are, and new items of earlier rows).
 */
export async function importDuplicateWarnings(
  db: Kysely<Database>,
  rows: readonly ImportedRow[],
  columnOf: (key: 'code' | 'dci') => string,
): Promise<ImportWarning[]> {
  const checked = rows.filter((row) => row.check);
  const listed = new Set(rows.flatMap((row) => (row.existingId === undefined ? [] : [row.existingId])));
  const stored = new Map<ImportedRow, NonNullable<ImportWarning['duplicateOf']>[]>();
  // In batches: on PGlite a query runs on the event loop, and 50,000 drafts at once would hold it
  // for a second; between batches other requests get their turn.
  for (let start = 0; start < checked.length; start += DRAFTS_PER_QUERY) {
    if (start > 0) await nextTurn();
    const batch = checked.slice(start, start + DRAFTS_PER_QUERY);
    for (const { draft, duplicate } of await findPossibleDuplicates(db, batch.map((row) => ({ ...row.item, exceptId: row.existingId })))) {
      // An item the file lists is compared as the file has it, below.
      if (listed.has(duplicate.id)) continue;
      const row = batch[draft]!;
      stored.set(row, [...(stored.get(row) ?? []), { ...duplicate, row: null }]);
    }
  }

  const byCode = await groupBy(rows, (row) => codeKey(row.item.code));
  const byDescription = await groupBy(rows, (row) => descriptionKey(row.item));
  const warnings: ImportWarning[] = [];
  for await (const row of inTurns(checked)) {
    const duplicates = stored.get(row) ?? [];
    const seen = new Set<ImportedRow>([row]);
    for (const group of [byCode.get(codeKey(row.item.code))!, byDescription.get(descriptionKey(row.item))!]) {
      for (const other of group) {
        if (duplicates.length >= MAX_DUPLICATES_PER_ITEM) break;
        if (seen.has(other) || (other.existingId === undefined && other.row > row.row)) continue;
        seen.add(other);
        const reasons = duplicateReasons(row.item, other.item);
        duplicates.push({ id: other.existingId ?? null, row: other.row, code: other.item.code, name: nameOf(other.item), reasons });
      }
    }
    for (const duplicateOf of duplicates) {
      warnings.push({
        row: row.row,
        column: columnOf(duplicateOf.reasons.includes('code') ? 'code' : 'dci'),
        code: row.item.code,
        kind: 'possible-duplicate',
        message: possibleDuplicateMessage({ ...duplicateOf, row: duplicateOf.id === null ? duplicateOf.row! : undefined }, duplicateOf.reasons),
        duplicateOf,
      });
    }
  }
  return warnings;
}

async function groupBy<T>(values: readonly T[], keyOf: (value: T) => string): Promise<Map<string, T[]>> {
  const groups = new Map<string, T[]>();
  for await (const value of inTurns(values)) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}
