import { useLayoutEffect, useState, type RefObject } from 'react';

/** Room left under the element for the page's own bottom padding. */
const BOTTOM_GAP_PX = 16;
/** Below this the list would be too short to use; the page scrolls instead. */
const MIN_HEIGHT_PX = 320;

/**
 * A height that takes `ref`'s element from where it starts down to the bottom of the window, kept
 * up to date as the window is resized. The board's list scrolls inside it, so the filters and
 * lanes stay in view.
 */
export function useFillViewport(ref: RefObject<HTMLElement | null>): number | undefined {
  const [height, setHeight] = useState<number>();
  useLayoutEffect(() => {
    const measure = () => {
      // From the top of the page, so a page scrolled when this runs measures the same.
      const top = (ref.current?.getBoundingClientRect().top ?? 0) + window.scrollY;
      setHeight(Math.max(MIN_HEIGHT_PX, window.innerHeight - top - BOTTOM_GAP_PX));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [ref]);
  return height;
}
