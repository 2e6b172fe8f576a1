import type { Db } from "@/db/client";
import { getCampaignConversion, getCollectionKpis, getSatisfactionKpis, getWaitlistFill } from "./business-kpis";
import { getChannelKpis, getDoctorRates, getVisitKpis, getWeeklyRates, type ResultsFilters } from "./kpis";
import { getResultsRules, listVisitsToClose } from "./outcomes";
import type { ResultsPeriod } from "./period";

/**
 * Everything the results page shows for a period, read from the record on request: the visit figures of the
 * period and of the one before, the weekly rates, messages by channel (both periods), collection, satisfaction,
 * freed-slot fill and campaign conversion, the rates per doctor, the clinic's before-Luna figures and how many past visits are still
 * open. The doctor and channel filters narrow the figures they apply to. Null when the clinic does not exist.
 */
export async function getResultsDashboard(
  db: Db,
  params: { clinicId: string; period: ResultsPeriod; now: Date; currency: string; filters?: ResultsFilters },
) {
  const { clinicId, period, now, currency } = params;
  const filters = params.filters ?? {};
  const rules = await getResultsRules(db, { clinicId });
  if (!rules) return null;
  const [
    current,
    previous,
    weekly,
    channels,
    previousChannels,
    toClose,
    collection,
    previousCollection,
    satisfaction,
    previousSatisfaction,
    waitlist,
    campaign,
    doctors,
  ] = await Promise.all([
    getVisitKpis(db, { clinicId, range: period, now, rules, filters }),
    getVisitKpis(db, { clinicId, range: period.previous, now, rules, filters }),
    getWeeklyRates(db, { clinicId, range: period, now, rules, filters }),
    getChannelKpis(db, { clinicId, range: period, filters }),
    getChannelKpis(db, { clinicId, range: period.previous, filters }),
    listVisitsToClose(db, { clinicId, now, rules, limit: 1 }),
    getCollectionKpis(db, { clinicId, currency, timeZone: rules.timeZone, range: period, filters }),
    getCollectionKpis(db, { clinicId, currency, timeZone: rules.timeZone, range: period.previous, filters }),
    getSatisfactionKpis(db, { clinicId, range: period, filters }),
    getSatisfactionKpis(db, { clinicId, range: period.previous, filters }),
    getWaitlistFill(db, { clinicId, range: period, filters }),
    getCampaignConversion(db, { clinicId, range: period, filters }),
    getDoctorRates(db, { clinicId, range: period, now, rules, filters }),
  ]);
  return {
    rules,
    current,
    previous,
    weekly,
    channels,
    previousChannels,
    toCloseTotal: toClose.total,
    collection,
    previousCollection,
    satisfaction,
    previousSatisfaction,
    waitlist,
    campaign,
    doctors,
  };
}

export type ResultsDashboard = NonNullable<Awaited<ReturnType<typeof getResultsDashboard>>>;
