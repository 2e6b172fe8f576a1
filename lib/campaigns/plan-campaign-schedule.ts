import { TZDate } from "@date-fns/tz";
import { zonedCalendarDate, zonedCalendarDatePlusDays, zonedDateTime } from "@/lib/dates";
import { inQuietWindow, type QuietHours } from "@/lib/notifications/quiet-hours";

/** Meta's portfolio messaging limits: unique users a business may start a conversation with per 24 h. */
export const META_DAILY_TIERS = [250, 2000, 10000] as const;

/** The defaults a new campaign starts with: 10:00–19:00, the first tier, one campaign message a week. */
export const DEFAULT_SEND_WINDOW = { startMinute: 10 * 60, endMinute: 19 * 60 };
export const DEFAULT_DAILY_CAP = META_DAILY_TIERS[0];
export const DEFAULT_PATIENT_CAP_DAYS = 7;

export interface SendWindow {
  /** Minutes after midnight on the clinic's clock; start < end (a send window never wraps midnight). */
  startMinute: number;
  endMinute: number;
}

export interface PlannedDay {
  /** The clinic's calendar day, YYYY-MM-DD. */
  day: string;
  /** When that day's share goes to the engine (which paces it at the sender's rate). */
  sendAt: Date;
  count: number;
}

export interface CampaignPlan {
  recipients: number;
  days: PlannedDay[];
  firstSendAt: Date | null;
  lastSendAt: Date | null;
  /** recipients × price per delivered message (an upper bound: not every message is delivered). */
  estimatedCostCents: number;
}

/** Why a send window cannot be used: it is empty or backwards, or part of it falls in quiet hours. */
export function sendWindowProblem(window: SendWindow, quietHours: QuietHours): "windowOrder" | "windowInQuietHours" | null {
  if (!(window.startMinute < window.endMinute)) return "windowOrder";
  for (let minute = window.startMinute; minute < window.endMinute; minute++) {
    if (inQuietWindow(minute, quietHours)) return "windowInQuietHours";
  }
  return null;
}

const pad = (n: number) => String(n).padStart(2, "0");
const dayOf = (d: { year: number; month: number; day: number }) => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

/**
 * Plans a campaign over days, pure over its inputs: the first day's share goes at `start` (or when the
 * send window next opens), and each later day's share at the same time of day on the clinic's clock, so
 * no 24 h span holds more than `dailyCap` recipients (Meta counts unique users per rolling 24 h). A
 * start after the window closes moves to the next day's opening. `firstDayCapacity` is what is left of
 * today's cap (a resumed campaign that already sent some today). The launch screen's count, days and
 * cost and the fan-out's send times both come from here.
 */
export function planCampaignSchedule(params: {
  recipients: number;
  start: Date;
  timeZone: string;
  window: SendWindow;
  dailyCap: number;
  firstDayCapacity?: number;
  pricePerMessageCents: number;
}): CampaignPlan {
  const { recipients, start, timeZone, window } = params;
  const cap = Math.max(1, Math.floor(params.dailyCap));
  const local = new TZDate(start.getTime(), timeZone);
  const minuteNow = local.getHours() * 60 + local.getMinutes();
  // The first opening: now if inside the window, the window's start later today, or tomorrow's.
  let firstDayOffset = 0;
  let openMinute = window.startMinute;
  let firstAt: Date | null = null;
  if (minuteNow >= window.endMinute) firstDayOffset = 1;
  else if (minuteNow >= window.startMinute) {
    openMinute = minuteNow;
    firstAt = start;
  }
  const openingOf = (offset: number) => {
    const d = offset === 0 ? zonedCalendarDate(start, timeZone) : zonedCalendarDatePlusDays(start, timeZone, offset);
    const at = zonedDateTime(timeZone, {
      year: d.year,
      month: d.month,
      day: d.day,
      hour: Math.floor(openMinute / 60),
      minute: openMinute % 60,
    });
    return { day: dayOf(d), at };
  };
  const days: PlannedDay[] = [];
  let left = Math.max(0, Math.floor(recipients));
  let offset = firstDayOffset;
  let capacity = params.firstDayCapacity === undefined ? cap : Math.max(0, Math.min(cap, Math.floor(params.firstDayCapacity)));
  while (left > 0) {
    if (capacity > 0) {
      const opening = openingOf(offset);
      const sendAt = offset === 0 && firstAt ? firstAt : opening.at;
      const count = Math.min(left, capacity);
      days.push({ day: opening.day, sendAt, count });
      left -= count;
    }
    offset++;
    capacity = cap;
  }
  return {
    recipients: Math.max(0, Math.floor(recipients)),
    days,
    firstSendAt: days[0]?.sendAt ?? null,
    lastSendAt: days.at(-1)?.sendAt ?? null,
    estimatedCostCents: Math.max(0, Math.floor(recipients)) * Math.max(0, params.pricePerMessageCents),
  };
}

/** The planned send time of the recipient at `index` (0-based, in the fan-out's order). */
export function sendAtOfIndex(plan: Pick<CampaignPlan, "days">, index: number): Date | null {
  let seen = 0;
  for (const day of plan.days) {
    seen += day.count;
    if (index < seen) return day.sendAt;
  }
  return null;
}
