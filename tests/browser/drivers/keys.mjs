// The key names the suite uses, shared by every driver so tests never spell engine-specific keys.
// Must not depend on any browser automation package.
export const KEYS = ['Tab', 'Shift+Tab', 'Enter', 'Space', 'Backspace', 'Escape',
  'ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Home', 'End'];

// Splits "Shift+Tab" into modifiers and the key itself.
export function splitChord(chord) {
  const parts = chord.split('+');
  return { modifiers: parts.slice(0, -1), key: parts[parts.length - 1] };
}
