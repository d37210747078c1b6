// ABC × VEN categories as the API takes them in a query (`I:AV,AE,AN,BV,CV;II:BE,CE,BN;III:CN`),
// read the way the server reads them and checked with the matrix's own rules and messages.
import { AbcInputError, DEFAULT_ABC_VEN_CATEGORIES, readAbcVenCategories, type AbcVenCategories } from '../../../../shared/abc-analysis.ts';

/** The default categories as the API writes them: `I:AV,AE,AN,BV,CV;II:BE,CE,BN;III:CN`. */
export const DEFAULT_CATEGORIES_TEXT = Object.entries(DEFAULT_ABC_VEN_CATEGORIES)
  .map(([name, cells]) => `${name}:${cells.join(',')}`)
  .join(';');

/** Categories from the text the API takes, checked with the matrix's own rules; an error names what is wrong. */
export function parseCategories(text: string): { categories: AbcVenCategories } | { error: string } {
  const categories: Record<string, string[]> = {};
  for (const part of text.split(';')) {
    const match = /^\s*([^:;]{1,40}):(.*)$/.exec(part);
    if (!match) return { error: 'Escriba «nombre:celdas» separadas por «;», por ejemplo I:AV,AE,AN,BV,CV;II:BE,CE,BN;III:CN' };
    categories[match[1]!.trim()] = match[2]!.split(',').map((cell) => cell.trim()).filter((cell) => cell !== '');
  }
  try {
    readAbcVenCategories(categories);
    return { categories };
  } catch (error) {
    if (error instanceof AbcInputError) return { error: error.message };
    throw error;
  }
}
