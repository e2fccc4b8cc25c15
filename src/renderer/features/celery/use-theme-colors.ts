import { useEffect, useState } from 'react';

// SVG attributes do not resolve CSS variables reliably, so the charts read the theme's colours
// once, and again when the system switches between light and dark.

const NAMES = ['ok', 'fail', 'warn', 'accent', 'muted', 'border', 'text', 'surface', 'untested'] as const;
export type ThemeColors = Record<(typeof NAMES)[number], string>;

/** The light theme's values: what a test environment without the stylesheet gets. */
const FALLBACK: ThemeColors = {
  ok: '#1a7f37',
  fail: '#c9252d',
  warn: '#9a6200',
  accent: '#1f6feb',
  muted: '#5d6673',
  border: '#d8dce2',
  text: '#1c2129',
  surface: '#ffffff',
  untested: '#8a929c',
};

export function readThemeColors(): ThemeColors {
  const style = getComputedStyle(document.documentElement);
  const colors = { ...FALLBACK };
  for (const name of NAMES) {
    const value = style.getPropertyValue(`--${name}`).trim();
    if (value) colors[name] = value;
  }
  return colors;
}

export function useThemeColors(): ThemeColors {
  const [colors, setColors] = useState(readThemeColors);
  useEffect(() => {
    const query = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!query) return;
    const update = () => setColors(readThemeColors());
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return colors;
}
