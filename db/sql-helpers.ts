import { sql, type RawBuilder } from 'kysely';

/** A LIKE pattern matching folded text anywhere (see fold_text); the user's % and _ are literal. */
export function containsPattern(text: string): RawBuilder<string> {
  const escaped = text.replace(/[\\%_]/g, (char) => `\\${char}`);
  return sql<string>`'%' || fold_text(${escaped}) || '%'`;
}

/** Sorts a code column in the domain's own order (a list from shared/domain.ts), not alphabetically. */
export function domainOrder(column: string, codes: readonly string[]): RawBuilder<number> {
  return sql<number>`array_position(array[${sql.join(codes.map((code) => sql.lit(code)))}]::text[], ${sql.ref(column)})`;
}

/** A date column as yyyy-mm-dd: both drivers would read it as a local-midnight Date. */
export function isoDate(column: string): RawBuilder<string | null> {
  return sql<string | null>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
}
