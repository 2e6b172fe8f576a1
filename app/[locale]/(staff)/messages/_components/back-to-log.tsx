"use client";

import { useEffect, useState } from "react";
import { Link } from "@/components/ui/link";

const KEY = "luna.messageLog.query";

/** Remembers the log's query string (filters, sort, page) so a detail page can lead back to the same view. */
export function RememberLogView() {
  useEffect(() => {
    try {
      sessionStorage.setItem(KEY, window.location.search);
    } catch {
      // Storage may be off (private mode): the back link then opens the unfiltered log.
    }
  });
  return null;
}

/** "Back to messages", to the view the user came from when there is one. */
export function BackToLog({ label }: { label: string }) {
  const [query, setQuery] = useState("");
  useEffect(() => {
    try {
      const saved = sessionStorage.getItem(KEY) ?? "";
      // eslint-disable-next-line react-hooks/set-state-in-effect -- read once after hydration (storage is client-only)
      if (saved.startsWith("?")) setQuery(saved);
    } catch {
      // No storage: the unfiltered log.
    }
  }, []);
  return (
    <Link href={`/messages${query}`} className="text-sm font-medium text-brand-700 hover:underline">
      ← {label}
    </Link>
  );
}
