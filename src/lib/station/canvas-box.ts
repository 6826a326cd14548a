/**
 * Sizes an overlay canvas to its box at the device's pixel ratio and clears it, so drawing can use CSS
 * pixels. Resizing reallocates the canvas: only when the element's size changed, not on every frame.
 */
export function clearToBox(
  canvas: HTMLCanvasElement,
  ctx: CanvasRenderingContext2D,
  boxWidth: number,
  boxHeight: number,
): void {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(boxWidth * dpr);
  const h = Math.round(boxHeight * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, boxWidth, boxHeight);
}
