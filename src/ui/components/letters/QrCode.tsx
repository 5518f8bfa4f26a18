import { qrPath } from './qr-matrix.ts';

/** A QR matrix drawn as SVG; `data-matrix` keeps the modules for a test to decode. */
export function QrCode({
  matrix,
  label,
}: {
  readonly matrix: readonly (readonly boolean[])[];
  readonly label: string;
}) {
  const size = matrix.length;
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      shapeRendering="crispEdges"
      data-matrix={matrix.map((row) => row.map((d) => (d ? '1' : '0')).join('')).join('/')}
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={qrPath(matrix)} fill="#000" />
    </svg>
  );
}
