// Text helpers without money: format.ts brings decimal.js (via shared/money.ts), which the
// sign-in page, say, does not need.

/** Lower-cases the first letter, for labels used mid-sentence ("del suministro local"). */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase('es-PE') + text.slice(1);
}
