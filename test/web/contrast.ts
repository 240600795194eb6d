/**
 * WCAG 2 contrast of what a page really paints: runs in the browser (through playwright's
 * `evaluate`) on computed styles, so it measures the CSS as the theme resolved it, not the source.
 */
import type { Page } from 'playwright-core';

/** One measured element. */
export interface ContrastSample {
  selector: string;
  text: string;
  foreground: string;
  background: string;
  ratio: number;
}

/**
 * Contrast of the text of every visible element matching `selector` against the first opaque
 * background behind it (its own, or an ancestor's).
 */
export function measureContrast(page: Page, selector: string): Promise<ContrastSample[]> {
  return page.evaluate((selector) => {
    const parse = (color: string): [number, number, number, number] => {
      const parts = /rgba?\(([^)]+)\)/
        .exec(color)?.[1]
        ?.split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      if (!parts || parts.length < 3) throw new Error(`Unparsed colour ${color}`);
      return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
    };
    const luminance = ([r, g, b]: [number, number, number, number]): number => {
      const channel = (value: number): number => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const backgroundOf = (element: Element | null): string => {
      for (let node = element; node; node = node.parentElement) {
        const color = getComputedStyle(node).backgroundColor;
        if (parse(color)[3] === 1) return color;
      }
      return getComputedStyle(document.documentElement).backgroundColor;
    };
    return [...document.querySelectorAll(selector)]
      .filter(
        (element) =>
          element instanceof HTMLElement &&
          element.offsetParent !== null &&
          element.innerText.trim() !== '',
      )
      .map((element) => {
        const style = getComputedStyle(element);
        const foreground = style.color;
        const background = backgroundOf(element);
        const [light, dark] = [luminance(parse(foreground)), luminance(parse(background))].sort(
          (a, b) => b - a,
        );
        return {
          selector,
          text: (element as HTMLElement).innerText.trim().slice(0, 40),
          foreground,
          background,
          ratio: Math.round((((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05)) * 100) / 100,
        };
      });
  }, selector);
}
