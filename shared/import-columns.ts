// The columns a spreadsheet import reads, as every importer declares them (a catalogue: key,
// Spanish label, the headings real files use, required or optional with its default), and how the
// headings of a file are matched to them. Pure, so the client's import wizard reads the same rules.

export interface ImportColumn<Key extends string = string> {
  key: Key;
  /** The heading export writes, and what messages call the column. */
  label: string;
  /** Headings found in real files (Spanish and English), written folded (see `fold`). */
  aliases: readonly string[];
  /** A file without a required column is refused. */
  required: boolean;
  /**
   * An optional column's value for a new record when the file lacks the column, as a cell would
   * hold it (the importer reads it so); a record the file updates keeps its stored value instead.
   */
  defaultValue?: string;
}

/** Text compared the way people mean it: without case, accents or repeated spaces. */
export const fold = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** Characters of a cell that a message quotes: enough to find it, never a whole hostile value. */
const QUOTED_CHARS = 40;

/** A cell's value as every message quotes it: «the first 40 characters…». */
export function quoteValue(text: string): string {
  const prefix = Array.from(text.slice(0, QUOTED_CHARS * 2)).slice(0, QUOTED_CHARS).join('');
  return `«${prefix.length < text.length ? `${prefix}…` : prefix}»`;
}

/**
 * The column each heading is read as (null: ignored). The user's corrections (heading → key, ''
 * to ignore it) come first; the other headings are recognised by their aliases. A column is read
 * from one heading only: the first to claim it.
 */
export function mapColumns<Key extends string>(
  columns: readonly ImportColumn<Key>[],
  headings: readonly string[],
  corrections: Readonly<Record<string, string>> = {},
): (Key | null)[] {
  const taken = new Set<Key>();
  const claim = (key: Key | undefined) => {
    if (key === undefined || taken.has(key)) return null;
    taken.add(key);
    return key;
  };
  const corrected = headings.map((heading) =>
    Object.hasOwn(corrections, heading) ? claim(columns.find((column) => column.key === corrections[heading])?.key) : undefined,
  );
  return headings.map((heading, index) => {
    const explicit = corrected[index];
    if (explicit !== undefined) return explicit;
    const folded = fold(heading);
    return claim(columns.find((column) => !taken.has(column.key) && column.aliases.includes(folded))?.key);
  });
}
