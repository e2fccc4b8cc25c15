import { useLayoutEffect } from 'react';
import type { RefObject } from 'react';

const BOTTOM_GAP = 24;
const MIN_HEIGHT = 320;

/**
 * Caps an element's height at what the window leaves below it, so a scrolling box (the tasks
 * table) ends at the window's edge whatever the header above it holds, instead of being
 * scrolled as a whole by the page. Measured, not a CSS guess, and again on each resize.
 */
export function useFillViewport(ref: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const fit = () => {
      // The console scrolls in its main pane: measure from the pane's top, not where it is scrolled to.
      const scrolled = element.closest('.main')?.scrollTop ?? 0;
      const top = element.getBoundingClientRect().top + scrolled;
      element.style.maxHeight = `${Math.max(MIN_HEIGHT, Math.floor(window.innerHeight - top - BOTTOM_GAP))}px`;
    };
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, [ref]);
}
