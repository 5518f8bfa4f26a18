import { useRef, useState, type PointerEvent, type WheelEvent } from 'react';
import { useI18n } from '../../hooks/useI18n.ts';

/**
 * An image that pans (drag) and zooms (pinch, wheel, buttons) with a CSS
 * transform — no library, and it works with mouse, pen and touch alike.
 */

interface View {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

const FIT: View = { scale: 1, x: 0, y: 0 };
const clampScale = (s: number): number => Math.min(8, Math.max(0.5, s));

function distance(points: Iterable<{ x: number; y: number }>): number | null {
  const [a, b] = [...points];
  return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : null;
}

export function ZoomableImage({ src, alt }: { readonly src: string; readonly alt: string }) {
  const { t } = useI18n();
  const [view, setView] = useState<View>(FIT);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<number | null>(null);

  const zoomBy = (factor: number): void =>
    setView((v) => ({ ...v, scale: clampScale(v.scale * factor) }));

  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    e.currentTarget.setPointerCapture(e.pointerId);
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    pinch.current = distance(pointers.current.values());
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    const last = pointers.current.get(e.pointerId);
    if (last === undefined) return;
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const spread = distance(pointers.current.values());
    if (spread !== null && pinch.current !== null && pinch.current > 0) {
      const factor = spread / pinch.current;
      pinch.current = spread;
      zoomBy(factor);
      return;
    }
    setView((v) => ({ ...v, x: v.x + e.clientX - last.x, y: v.y + e.clientY - last.y }));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>): void => {
    pointers.current.delete(e.pointerId);
    pinch.current = distance(pointers.current.values());
  };
  const onWheel = (e: WheelEvent<HTMLDivElement>): void => zoomBy(e.deltaY < 0 ? 1.15 : 1 / 1.15);

  return (
    <div className="zoomable">
      <div className="zoom-controls">
        <button type="button" onClick={() => zoomBy(1.25)}>
          {t('scan.zoomIn')}
        </button>
        <button type="button" onClick={() => zoomBy(0.8)}>
          {t('scan.zoomOut')}
        </button>
        <button type="button" onClick={() => setView(FIT)}>
          {t('scan.zoomReset')}
        </button>
      </div>
      <div
        className="zoom-stage"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onWheel={onWheel}
      >
        <img
          src={src}
          alt={alt}
          draggable={false}
          data-scale={view.scale.toFixed(2)}
          style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
        />
      </div>
    </div>
  );
}
