/** Mexico's IANA zones, the most used first (Mexico City covers most of the country; Tijuana keeps DST). */
export const MEXICO_TIME_ZONES = [
  "America/Mexico_City",
  "America/Monterrey",
  "America/Merida",
  "America/Cancun",
  "America/Chihuahua",
  "America/Ciudad_Juarez",
  "America/Hermosillo",
  "America/Mazatlan",
  "America/Bahia_Banderas",
  "America/Matamoros",
  "America/Ojinaga",
  "America/Tijuana",
] as const;

let all: readonly string[] | undefined;

/** Every IANA zone the platform's ICU knows, plus Mexico's (some ICU builds list only canonical names). */
export function allTimeZones(): readonly string[] {
  all ??= [...new Set([...MEXICO_TIME_ZONES, ...Intl.supportedValuesOf("timeZone")])];
  return all;
}

/** The timezone select's options: Mexico's zones first, then the rest alphabetically. */
export function timeZoneOptions(): { mexico: readonly string[]; others: string[] } {
  const mexico = new Set<string>(MEXICO_TIME_ZONES);
  return {
    mexico: MEXICO_TIME_ZONES,
    others: allTimeZones()
      .filter((zone) => !mexico.has(zone))
      .sort(),
  };
}

export function isTimeZone(zone: string): boolean {
  if (!allTimeZones().includes(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
