import { expect } from 'vitest';

// Vitest types its asymmetric matchers as `any`, which typed lint rightly refuses inside the
// objects a test compares. These give each matcher the type of the value it stands for.

/** Any string. */
export const anyString = (): string => expect.any(String) as string;

/** A string containing `text`. */
export const stringContaining = (text: string): string => expect.stringContaining(text) as string;

/** A string matching `pattern`. */
export const stringMatching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;

/** Any `Date`. */
export const anyDate = (): Date => expect.any(Date) as Date;

/** Any number. */
export const anyNumber = (): number => expect.any(Number) as number;
