// JSON written by hand for the OCDS export: amounts must reach the file exactly as the database's
// decimal strings (91960944.11), and JSON.stringify only writes a JS number (a double), while
// Node 20 has no JSON.rawJSON. So a decimal is wrapped in a RawNumber and written as it is.

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** A JSON number written from its decimal text, never through a double. */
export class RawNumber {
  constructor(readonly text: string) {
    if (!DECIMAL.test(text)) throw new Error(`Not a JSON number: ${JSON.stringify(text)}`);
  }
}

/**
 * JSON.stringify's output (no spaces; undefined members left out, as in an object) where a
 * RawNumber is written as its text. Only the plain data a release is made of: objects, arrays,
 * strings, finite numbers, booleans and null.
 */
export function writeJson(value: unknown): string {
  if (value instanceof RawNumber) return value.text;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a JSON number: ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((element) => (element === undefined ? 'null' : writeJson(element))).join(',')}]`;
  if (typeof value === 'object') {
    const members: string[] = [];
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) members.push(`${JSON.stringify(key)}:${writeJson(member)}`);
    }
    return `{${members.join(',')}}`;
  }
  throw new Error(`Cannot write ${typeof value} as JSON`);
}
