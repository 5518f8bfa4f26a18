import { useCallback, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

/**
 * `document.body.dataset[PRINT_JOB]` is set while a view prints a paper of its
 * own from its button (a letter): other views then stay out of that print.
 */
export const PRINT_JOB = 'printJob';

/**
 * Whether the browser is printing, for views that put their printed form in
 * the page only then, whether printing starts from their button (`print`) or
 * from the browser's own print command (beforeprint/afterprint).
 */
export function usePrinting(): { readonly printing: boolean; readonly print: () => void } {
  const [printing, setPrinting] = useState(false);

  useEffect(() => {
    const before = () => {
      if (document.body.dataset[PRINT_JOB] !== undefined) return;
      flushSync(() => setPrinting(true));
    };
    const after = () => setPrinting(false);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);

  const print = useCallback(() => {
    // window.print blocks until the dialog closes; the printed form must be in the DOM first.
    flushSync(() => setPrinting(true));
    window.print();
    setPrinting(false);
  }, []);

  return { printing, print };
}
