import { useEffect, useState } from 'preact/hooks';

export type CopyState = 'idle' | 'copied' | 'failed';

/**
 * Copying `text` to the clipboard from a button: the state to announce ("Copied" or a failure),
 * back to idle after 2.5 s or when the text changes.
 */
export function useCopy(text: string): [CopyState, () => void] {
  const [copy, setCopy] = useState<CopyState>('idle');
  useEffect(() => {
    if (copy === 'idle') return undefined;
    const timer = setTimeout(() => setCopy('idle'), 2500);
    return () => clearTimeout(timer);
  }, [copy]);
  useEffect(() => setCopy('idle'), [text]);
  const onCopy = (): void => {
    navigator.clipboard.writeText(text).then(
      () => setCopy('copied'),
      () => setCopy('failed'),
    );
  };
  return [copy, onCopy];
}
