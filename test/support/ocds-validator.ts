// The official OCDS 1.1.5 schemas (test/fixtures/ocds, JSON Schema draft-04) in ajv, for the tests
// of the OCDS export: a release package, a release, and the codelists the export draws codes from.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const fixtures = new URL('../fixtures/ocds/', import.meta.url);
const readJson = (name: string) => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as Record<string, unknown>;

/**
 * Annotations the OCDS schemas carry beside JSON Schema's own keywords (for merging releases into
 * records, codelists and deprecation). Declared as keywords that validate nothing, so ajv keeps its
 * strict mode for everything else instead of being told to ignore whatever it does not know.
 */
const ocdsAnnotations = ['codelist', 'openCodelist', 'deprecated', 'mergeStrategy', 'omitWhenMerged', 'wholeListMerge', 'versionId'];

export function ocdsValidator() {
  // Strict, but the schemas' union types (an id that is a string or an integer) are theirs to have.
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
  ajv.addVocabulary(ocdsAnnotations);
  // date-time and uri, as the schemas' `format`s ask.
  addFormats(ajv, ['date-time', 'uri']);
  const releaseSchema = readJson('release-schema.json');
  // The package refers to the release schema by its id: added first.
  ajv.addSchema(releaseSchema);
  const validatePackage = ajv.compile(readJson('release-package-schema.json'));
  const validateRelease = ajv.getSchema(releaseSchema.id as string)!;
  const check = (validate: typeof validatePackage) => (data: unknown) => (validate(data) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`));
  return { packageErrors: check(validatePackage), releaseErrors: check(validateRelease as typeof validatePackage) };
}

/** The codes of one codelist (its first column). */
export function codelist(name: string): Set<string> {
  const lines = readFileSync(new URL(`codelists/${name}.csv`, fixtures), 'utf8').trim().split(/\r?\n/).slice(1);
  return new Set(lines.map((line) => line.split(',')[0]!));
}

/** Peru's registry's example release, as SEACE publishes it, without the note on how it was trimmed. */
export function seaceExampleRelease(): Record<string, unknown> {
  const { _note: _howTrimmed, ...release } = readJson('seace-example-release.json');
  return release;
}
