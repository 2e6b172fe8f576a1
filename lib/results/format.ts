/**
 * How the results page writes its numbers, per UI locale (es → es-MX, en → en-US): shares as percents with
 * one decimal at most, changes of a share in percentage points, durations in the largest sensible unit.
 */
export function intlLocale(locale: string) {
  return locale === "en" ? "en-US" : "es-MX";
}

export function formatPercent(value: number, locale: string) {
  return new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits: 1 }).format(value);
}

export function formatNumber(value: number, locale: string, maximumFractionDigits = 0) {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits }).format(value);
}

/** A change of a share in percentage points, always signed: "+2.5", "−10" (the unit is in the message). */
export function formatPoints(delta: number, locale: string) {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(delta * 100);
}

/** A duration: minutes under 2 h, hours under 2 days, else days ("45 min", "3.5 h", "2 d" / "2 días"). */
export function formatDuration(seconds: number, locale: string, options: { signed?: boolean } = {}) {
  const abs = Math.abs(seconds);
  const [value, unit] = abs < 7200 ? [seconds / 60, "minute"] : abs < 172_800 ? [seconds / 3600, "hour"] : [seconds / 86_400, "day"];
  return new Intl.NumberFormat(intlLocale(locale), {
    style: "unit",
    unit,
    unitDisplay: unit === "day" ? "long" : "short",
    maximumFractionDigits: unit === "minute" ? 0 : 1,
    signDisplay: options.signed ? "exceptZero" : "auto",
  }).format(value);
}
