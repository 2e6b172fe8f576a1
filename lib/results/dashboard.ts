import type { Db } from "@/db/client";
import { getChannelKpis, getVisitKpis, getWeeklyRates } from "./kpis";
import { getResultsRules, listVisitsToClose } from "./outcomes";
import type { ResultsPeriod } from "./period";

/**
 * Everything the results page shows for a period, read from the record on request: the visit figures of the
 * period and of the one before, the weekly rates, messages by channel (both periods), the clinic's before-Luna
 * figures and how many past visits are still open. Null when the clinic does not exist.
 */
export async function getResultsDashboard(db: Db, params: { clinicId: string; period: ResultsPeriod; now: Date }) {
  const { clinicId, period, now } = params;
  const rules = await getResultsRules(db, { clinicId });
  if (!rules) return null;
  const [current, previous, weekly, channels, previousChannels, toClose] = await Promise.all([
    getVisitKpis(db, { clinicId, range: period, now, rules }),
    getVisitKpis(db, { clinicId, range: period.previous, now, rules }),
    getWeeklyRates(db, { clinicId, range: period, now, rules }),
    getChannelKpis(db, { clinicId, range: period }),
    getChannelKpis(db, { clinicId, range: period.previous }),
    listVisitsToClose(db, { clinicId, now, rules, limit: 1 }),
  ]);
  return { rules, current, previous, weekly, channels, previousChannels, toCloseTotal: toClose.total };
}

export type ResultsDashboard = NonNullable<Awaited<ReturnType<typeof getResultsDashboard>>>;
