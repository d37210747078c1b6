// A search input whose value is committed (to the URL) after the user pauses typing.
import { useEffect, useId, useRef, useState } from 'react';

export interface SearchBoxProps {
  /** Committed value (from the URL). */
  value: string;
  onSearch: (value: string) => void;
  label: string;
  placeholder?: string;
  delayMs?: number;
  testId?: string;
  inputMode?: 'text' | 'numeric';
}

export function SearchBox({
  value,
  onSearch,
  label,
  placeholder,
  delayMs = 250,
  testId,
  inputMode,
}: SearchBoxProps) {
  const id = useId();
  const [text, setText] = useState(value);
  const committed = useRef(value);
  const onSearchRef = useRef(onSearch);

  useEffect(() => {
    onSearchRef.current = onSearch;
  }, [onSearch]);

  // The URL changed from elsewhere (back button, a link): show it.
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === committed.current) return;
    const timer = window.setTimeout(() => {
      committed.current = trimmed;
      onSearchRef.current(trimmed);
    }, delayMs);
    return () => window.clearTimeout(timer);
  }, [text, delayMs]);

  const commitNow = () => {
    const trimmed = text.trim();
    if (trimmed === committed.current) return;
    committed.current = trimmed;
    onSearchRef.current(trimmed);
  };

  return (
    <form
      className="search-box"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        commitNow();
      }}
    >
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input
        id={id}
        type="search"
        className="input search-box__input"
        value={text}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        data-testid={testId}
        inputMode={inputMode}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && text !== '') {
            event.preventDefault();
            setText('');
          }
        }}
      />
    </form>
  );
}
