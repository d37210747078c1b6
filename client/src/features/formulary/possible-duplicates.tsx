// "Posible duplicado de …" in the item forms: asked of the server (the rule the import applies) a
// moment after the user stops typing, with a link that opens that item. A warning only: the form
// saves all the same.
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { ImportWarning, PossibleDuplicate } from '../../../../shared/api.ts';
import { describeReasons } from '../../../../shared/item-duplicates.ts';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { itemQueries } from './formulary-queries.ts';

type Draft = Record<'code' | 'dci' | 'strength' | 'dosageForm', string>;

const DELAY_MS = 300;

/** The items the values may repeat (the item itself, `exceptId`, aside). */
export function usePossibleDuplicates(values: Draft, exceptId?: number): PossibleDuplicate[] {
  const typed = {
    code: values.code.trim(),
    dci: values.dci.trim(),
    strength: values.strength.trim(),
    dosageForm: values.dosageForm.trim(),
  };
  const key = JSON.stringify(typed);
  const [settled, setSettled] = useState(key);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(key), DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [key]);

  const query = JSON.parse(settled) as typeof typed;
  // The server compares the code, or the whole description: nothing less.
  const askable = query.code !== '' || (query.dci !== '' && query.strength !== '' && query.dosageForm !== '');
  const answer = useQuery({ ...itemQueries.possibleDuplicates({ ...query, exceptId }), enabled: askable });
  return askable && !answer.error ? (answer.data?.duplicates ?? []) : [];
}

export function PossibleDuplicateWarning({ duplicates }: { duplicates: readonly PossibleDuplicate[] }) {
  if (duplicates.length === 0) return null;
  return (
    <FormMessage kind="info" testId="possible-duplicates">
      {duplicates.map((duplicate) => (
        <p key={duplicate.id}>
          <DuplicateText duplicate={{ ...duplicate, row: null }} />
        </p>
      ))}
      <p>Es una advertencia: revísela; no impide guardar.</p>
    </FormMessage>
  );
}

/**
 * "Posible duplicado de <010100004 Paracetamol 500 mg Tableta> (…)." with a link that opens the
 * item, or "… de la fila 7: …" for a row of an import file. `newTab` keeps the page (an import's
 * preview) where it is.
 */
export function DuplicateText({ duplicate, newTab }: { duplicate: NonNullable<ImportWarning['duplicateOf']>; newTab?: boolean }) {
  const reasons = ` (${describeReasons(duplicate.reasons)}).`;
  if (duplicate.id === null) {
    return <>Posible duplicado de la fila {duplicate.row}: {duplicate.code} {duplicate.name}{reasons}</>;
  }
  return (
    <>
      Posible duplicado de{' '}
      <Link to={`/petitorio?item=${duplicate.id}`} {...(newTab ? { target: '_blank', rel: 'noopener' } : {})}>
        {duplicate.code} {duplicate.name}
      </Link>
      {reasons}
    </>
  );
}
