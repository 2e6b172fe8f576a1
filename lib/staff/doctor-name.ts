import type { DoctorTitle, Locale } from "@/db/schema/enums";

export interface DoctorNameParts {
  name: string;
  /** users.title: null when the person has none (the name is then used as it is). */
  title: DoctorTitle | null | undefined;
}

/** "Dr. García" → "García": a title typed into the name is not repeated. */
function bareName(name: string) {
  return name.trim().replace(/^dra?\.?\s+/i, "");
}

/** The title as written in the locale: Spanish keeps the gender (Dr./Dra.), English says Dr. for both. */
function titleWord(title: DoctorTitle, locale: Locale) {
  return locale === "es" && title === "dra" ? "Dra." : "Dr.";
}

/** How staff screens name a doctor: "Dra. López" (es) / "Dr. López" (en); without a title, the name. */
export function doctorDisplayName(doctor: DoctorNameParts, locale: Locale): string {
  if (!doctor.title) return doctor.name.trim();
  return `${titleWord(doctor.title, locale)} ${bareName(doctor.name)}`;
}

/**
 * The doctor as a message names them, ready to follow "con" / "with": Spanish puts the article that
 * agrees with the title ("el Dr. García", "la Dra. López"), English none ("Dr. López"). Without a title
 * the name goes as it is ("Ana Torres"), so templates never write the article themselves.
 */
export function doctorPhrase(doctor: DoctorNameParts, locale: Locale): string {
  if (!doctor.title) return doctor.name.trim();
  const display = doctorDisplayName(doctor, locale);
  if (locale === "en") return display;
  return `${doctor.title === "dra" ? "la" : "el"} ${display}`;
}
