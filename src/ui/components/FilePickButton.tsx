import { useRef } from 'react';

interface Props {
  /** The button's words, in the chosen language (the browser's own file input would say "Choose File" in its own). */
  readonly label: string;
  /** The input's accessible name (for tests and screen readers that reach it). */
  readonly inputLabel: string;
  readonly accept: string;
  readonly onFile: (file: File) => void;
  /** Offer the camera on a tablet (a photo of a QR code). */
  readonly capture?: boolean;
}

/**
 * A file chooser that speaks the app's language: a real button with our words
 * opens the browser's hidden file input.
 */
export function FilePickButton({ label, inputLabel, accept, onFile, capture }: Props) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        className="visually-hidden"
        tabIndex={-1}
        aria-label={inputLabel}
        accept={accept}
        {...(capture ? { capture: 'environment' as const } : {})}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
}
