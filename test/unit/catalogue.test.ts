import { describe, expect, it } from 'vitest';
import { venClasses } from '../../shared/domain.ts';
import {
  GENERAL_ENTRIES,
  ONCOLOGY_ENTRIES,
  THERAPEUTIC_GROUPS,
  type CatalogueEntry,
} from '../../db/seed/catalogue.ts';

const ALL: readonly CatalogueEntry[] = [...ONCOLOGY_ENTRIES, ...GENERAL_ENTRIES];
const displayName = (e: CatalogueEntry) => `${e.dci} ${e.strength} ${e.dosageForm}`;

describe('medicine catalogue', () => {
  it('when the oncology list is read, then it has exactly 89 entries, all flagged oncology', () => {
    expect(ONCOLOGY_ENTRIES).toHaveLength(89);
    expect(ONCOLOGY_ENTRIES.filter((e) => !e.oncology).map(displayName)).toEqual([]);
  });

  it('when the general list is read, then it has exactly 830 entries, none flagged oncology', () => {
    expect(GENERAL_ENTRIES).toHaveLength(830);
    expect(GENERAL_ENTRIES.filter((e) => e.oncology).map(displayName)).toEqual([]);
  });

  it('when display names are compared ignoring case across both lists, then all 919 are unique', () => {
    const seen = new Set<string>();
    const duplicates: string[] = [];
    for (const entry of ALL) {
      const key = displayName(entry).toLocaleLowerCase('es');
      if (seen.has(key)) duplicates.push(displayName(entry));
      seen.add(key);
    }
    expect(duplicates).toEqual([]);
    expect(seen.size).toBe(919);
  });

  it('when therapeutic groups are checked, then every entry uses a known group and every group is used', () => {
    expect(THERAPEUTIC_GROUPS).toHaveLength(14);
    expect(new Set(THERAPEUTIC_GROUPS).size).toBe(14);
    const known = new Set(THERAPEUTIC_GROUPS);
    expect(ALL.filter((e) => !known.has(e.therapeuticGroup)).map(displayName)).toEqual([]);
    const used = new Set(ALL.map((e) => e.therapeuticGroup));
    expect(THERAPEUTIC_GROUPS.filter((g) => !used.has(g))).toEqual([]);
  });

  it('when oncology entries are checked, then they all belong to the antineoplastic group', () => {
    const groups = new Set(ONCOLOGY_ENTRIES.map((e) => e.therapeuticGroup));
    expect([...groups]).toEqual(['Antineoplásicos e inmunomoduladores']);
  });

  it('when VEN classes are checked, then every entry has a valid class', () => {
    const valid = new Set<string>(venClasses);
    expect(ALL.filter((e) => !valid.has(e.ven)).map(displayName)).toEqual([]);
  });

  it('when text fields are checked, then none is empty or padded with whitespace', () => {
    const bad = ALL.filter((e) =>
      [e.dci, e.strength, e.dosageForm, e.therapeuticGroup].some((v) => v.trim() === '' || v !== v.trim()),
    );
    expect(bad.map(displayName)).toEqual([]);
  });

  it('when strengths are checked, then none uses a comma as decimal separator', () => {
    expect(ALL.filter((e) => /\d,\d/.test(e.strength)).map(displayName)).toEqual([]);
  });
});
