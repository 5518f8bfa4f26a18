import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../hooks/useI18n.ts';

/**
 * The header's less-used items behind one button, so the header stays one row on
 * an 800 px tablet. A disclosure (not an ARIA menu): a native button with
 * `aria-expanded`, its panel a plain list of links and buttons reached by Tab.
 * Escape or a tap elsewhere closes it; choosing an item closes it and gives focus
 * back to the button (a dialog the item opens takes focus after that).
 */
export function HeaderMenu({ children }: { readonly children: ReactNode }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  useEffect(() => {
    if (!open) return undefined;
    const away = (event: PointerEvent) => {
      if (event.target instanceof Node && !box.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);
  return (
    <div
      className="header-menu"
      ref={box}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) close();
      }}
    >
      <button
        type="button"
        ref={button}
        className="menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true" className="menu-icon">
          ☰
        </span>
        {t('menu.button')}
      </button>
      <div
        id={panelId}
        className="menu-panel"
        hidden={!open}
        onClick={(event) => {
          if (event.target instanceof Element && event.target.closest('a, button')) close();
        }}
      >
        {children}
      </div>
    </div>
  );
}
