// A programme id from the URL (/programas/:id), or null when it cannot be one.
export function parseProgrammeId(raw: string | null | undefined): number | null {
  if (raw === undefined || raw === null || !/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number.parseInt(raw, 10);
  return id <= 2_147_483_647 ? id : null;
}
