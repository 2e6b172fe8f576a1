import type { Locale } from "@/db/schema/enums";

/**
 * The patient's language from Accept-Language when Luna knows nothing else (an unknown token): the
 * highest-weighted of es/en, Spanish by default.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return "es";
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === "es" || tag.startsWith("es-")) return "es";
    if (tag === "en" || tag.startsWith("en-")) return "en";
  }
  return "es";
}
