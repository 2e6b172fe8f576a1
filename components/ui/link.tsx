"use client";

import { useState, type ComponentProps } from "react";
import { Link as LocaleLink } from "@/i18n/navigation";

/**
 * The app's link: next-intl's locale-aware `Link`, prefetching only on intent. Next.js prefetches every link
 * as it scrolls into view, so a list of 20 patients fired 30 route prefetches on load (two per row, for
 * pages nobody opens). Here a link prefetches when the pointer rests on it, it gets keyboard focus or a
 * finger touches it — still ahead of the click — and never just for being on screen. Next.js documents this
 * pattern ("Hover-triggered prefetch", docs/01-app/02-guides/prefetching.md): `null` restores its default.
 * `prefetch={false}` still turns prefetching off altogether.
 */
export function Link({ prefetch, onMouseEnter, onFocus, onTouchStart, ...props }: ComponentProps<typeof LocaleLink>) {
  const [intent, setIntent] = useState(false);
  return (
    <LocaleLink
      {...props}
      prefetch={prefetch === false || !intent ? false : (prefetch ?? null)}
      onMouseEnter={(event) => {
        setIntent(true);
        onMouseEnter?.(event);
      }}
      onFocus={(event) => {
        setIntent(true);
        onFocus?.(event);
      }}
      onTouchStart={(event) => {
        setIntent(true);
        onTouchStart?.(event);
      }}
    />
  );
}
