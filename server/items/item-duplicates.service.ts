// Possible duplicates, warned before they are created: for the item form as the user types, and
// for every row an import would create or redescribe. Warnings; nothing here refuses anything.
import type { Kysely } from 'kysely';
import type { ImportWarning, PossibleDuplicates } from '../../shared/api.ts';
import type { ItemInput, PossibleDuplicatesQuery } from '../../shared/api-schemas.ts';
import { codeKey, descriptionKey, duplicateReasons, possibleDuplicateMessage } from '../../shared/item-duplicates.ts';
import type { Database } from '../../db/schema.ts';
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
  for (const { draft, duplicate } of await findPossibleDuplicates(db, checked.map((row) => ({ ...row.item, exceptId: row.existingId })))) {
    // An item the file lists is compared as the file has it, below.
    if (listed.has(duplicate.id)) continue;
    const row = checked[draft]!;
    stored.set(row, [...(stored.get(row) ?? []), { ...duplicate, row: null }]);
  }

  const byCode = groupBy(rows, (row) => codeKey(row.item.code));
  const byDescription = groupBy(rows, (row) => descriptionKey(row.item));
  const warnings: ImportWarning[] = [];
  for (const row of checked) {
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

function groupBy<T>(values: readonly T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}
