// The scan viewer's image: buttons and the wheel zoom, a drag pans, "fit" resets.
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '@ui/I18nProvider.tsx';
import { ZoomableImage } from '@ui/components/scans/ZoomableImage.tsx';

function renderImage() {
  render(
    <I18nProvider search="?lang=en" prefs={null}>
      <ZoomableImage src="data:image/png;base64," alt="letter page 1" />
    </I18nProvider>,
  );
  return screen.getByRole('img', { name: 'letter page 1' });
}

describe('ZoomableImage', () => {
  it('zooms with the buttons and the wheel, and fits again', async () => {
    const user = userEvent.setup();
    const img = renderImage();
    await user.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(img).toHaveAttribute('data-scale', '1.25');
    await user.click(screen.getByRole('button', { name: 'Zoom out' }));
    expect(img).toHaveAttribute('data-scale', '1.00');
    fireEvent.wheel(img.parentElement!, { deltaY: -100 });
    expect(img).toHaveAttribute('data-scale', '1.15');
    await user.click(screen.getByRole('button', { name: 'Fit to screen' }));
    expect(img).toHaveAttribute('data-scale', '1.00');
    expect(img.style.transform).toBe('translate(0px, 0px) scale(1)');
  });

  it('pans with a one-finger drag', () => {
    const img = renderImage();
    const stage = img.parentElement!;
    stage.setPointerCapture = () => undefined;
    fireEvent.pointerDown(stage, { pointerId: 1, clientX: 100, clientY: 100 });
    fireEvent.pointerMove(stage, { pointerId: 1, clientX: 130, clientY: 80 });
    fireEvent.pointerUp(stage, { pointerId: 1 });
    expect(img.style.transform).toBe('translate(30px, -20px) scale(1)');
  });
});
