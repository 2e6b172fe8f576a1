"use client";

import { useEffect, useState } from "react";

export interface ChartSection {
  /** The section's element id, and the link's hash: `/patients/<id>#documents` opens the chart there. */
  id: string;
  label: string;
}

/**
 * The chart's table of contents: one link per section, kept on screen while the chart scrolls. Each section
 * is an anchor, so a section is linkable (`#payments`), reachable by Tab and Enter like any link, and every
 * section stays in the page (find-in-page, print and the browser tests see the whole chart). The section in
 * view is marked `aria-current`.
 */
export function ChartSectionNav({ label, sections }: { label: string; sections: ChartSection[] }) {
  const [current, setCurrent] = useState<string | null>(null);

  useEffect(() => {
    const fromHash = () => {
      const id = decodeURIComponent(window.location.hash.slice(1));
      if (sections.some((s) => s.id === id)) setCurrent(id);
    };
    fromHash();
    window.addEventListener("hashchange", fromHash);
    // The section nearest the top of the window (below the sticky nav) is the current one.
    const observer = new IntersectionObserver(
      (entries) => {
        const visibleIds = entries.filter((e) => e.isIntersecting).map((e) => e.target.id);
        if (visibleIds.length > 0) setCurrent(sections.find((s) => visibleIds.includes(s.id))?.id ?? visibleIds[0]);
      },
      { rootMargin: "-80px 0px -60% 0px" },
    );
    for (const s of sections) {
      const el = document.getElementById(s.id);
      if (el) observer.observe(el);
    }
    return () => {
      window.removeEventListener("hashchange", fromHash);
      observer.disconnect();
    };
  }, [sections]);

  return (
    <nav
      aria-label={label}
      data-testid="chart-sections"
      className="sticky top-0 z-10 -mx-1 overflow-x-auto border-b border-gray-200 bg-gray-50/95 px-1 py-2 backdrop-blur"
    >
      <ul className="flex gap-1 whitespace-nowrap text-sm">
        {sections.map((s) => (
          <li key={s.id}>
            <a
              href={`#${s.id}`}
              aria-current={current === s.id ? "location" : undefined}
              onClick={() => setCurrent(s.id)}
              className="block rounded-md px-2.5 py-1.5 text-gray-700 hover:bg-white hover:text-gray-900 focus-visible:outline-2 focus-visible:outline-brand-600 aria-[current]:bg-white aria-[current]:font-semibold aria-[current]:text-brand-700 aria-[current]:ring-1 aria-[current]:ring-gray-200"
            >
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
