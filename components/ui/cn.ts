/** Joins class names, skipping falsy ones (a UI helper: components/ may not import lib/). */
export function cn(...classes: (string | false | null | undefined)[]) {
  return classes.filter(Boolean).join(" ");
}
