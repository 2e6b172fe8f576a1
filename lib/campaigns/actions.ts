"use server";

import { revalidatePath } from "next/cache";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb, type Db } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { z } from "zod";
import { cancelCampaign, createCampaign, estimateCampaign, launchCampaign, pauseCampaign, resumeCampaign } from "./campaigns";
import type { CampaignPlan } from "./plan-campaign-schedule";
import { changeMarketingConsentAsStaff } from "./consent";
import { previewCampaign } from "./preview";
import { scheduleFields, scheduleOf, segmentSchema } from "./schemas";
import { countSegment, type SegmentCount } from "./segment";
import { fieldErrorsOf } from "@/lib/errors";
import { zonedInputToDate } from "./zoned-input";
import { matchPastedList } from "./pasted-list";
import { sendCampaignTest } from "./send-test";

export interface CampaignFormState {
  ok?: boolean;
  campaignId?: string;
  fieldErrors?: Record<string, string>;
  formError?: string;
  values?: Record<string, string>;
  queued?: number;
  held?: number;
  resumed?: number;
  days?: number;
}

const valuesOf = (formData: FormData) =>
  Object.fromEntries([...formData.entries()].filter(([key]) => !key.startsWith("$")).map(([k, v]) => [k, String(v)]));

const SEGMENT_FIELDS = [
  "lastVisitBefore",
  "lastVisitAfter",
  "noVisitMonths",
  "doctorId",
  "visitKind",
  "ageMin",
  "ageMax",
  "locale",
  "hasUpcomingVisit",
];

/** The form's flat fields → the campaign input (segment fields under `segment`). */
function campaignInputOf(values: Record<string, string>) {
  const segment: Record<string, string | string[]> = {};
  for (const key of SEGMENT_FIELDS) if (values[key] !== undefined && values[key] !== "") segment[key] = values[key];
  return {
    name: values.name,
    templateType: values.templateType,
    bookingUrl: values.bookingUrl,
    scheduledAt: values.scheduledAt,
    segment,
    sendWindowStart: values.sendWindowStart,
    sendWindowEnd: values.sendWindowEnd,
    dailyCap: values.dailyCap,
    patientCapDays: values.patientCapDays,
    pricePerMessage: values.pricePerMessage,
  };
}

const scheduleInputSchema = z.object(scheduleFields);

/** The pasted list (if any) matched to the clinic's patients: its ids go in the segment; errors keyed `patientList`. */
async function withPastedList(
  db: Db,
  clinicId: string,
  values: Record<string, string>,
): Promise<{ input: ReturnType<typeof campaignInputOf>; unmatched?: string[]; error?: string }> {
  const input = campaignInputOf(values);
  const text = values.patientList ?? "";
  if (!text.trim()) return { input };
  const match = await matchPastedList(db, { clinicId, text });
  if (match.tooLong) return { input, error: "listTooLong" };
  if (match.patientIds.length === 0) return { input, unmatched: match.unmatched, error: "emptyList" };
  return { input: { ...input, segment: { ...input.segment, patientIds: match.patientIds } }, unmatched: match.unmatched };
}

/** A segment's errors come back keyed `segment.<field>`: the form shows them under the field itself. */
const flatErrors = (errors: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(errors).map(([k, v]) => [k.replace(/^segment\./, "").replace(/^patientIds(\..*)?$/, "patientList"), v]),
  );

export async function createCampaignAction(_prev: CampaignFormState, formData: FormData): Promise<CampaignFormState> {
  const ctx = await requireStaff("campaigns:read");
  const values = valuesOf(formData);
  const db = await getDb();
  const listed = await withPastedList(db, ctx.clinicId, values);
  if (listed.error) return { fieldErrors: { patientList: listed.error }, values };
  const result = await createCampaign(db, ctx, { input: listed.input });
  if (!result.ok)
    return result.error === "invalid" ? { fieldErrors: flatErrors(result.fieldErrors), values } : { formError: result.error, values };
  revalidatePath(`/${await getLocale()}/campaigns`);
  return { ok: true, campaignId: result.campaignId };
}

/**
 * The live count for the segment being built (admins and staff may look) and, when the schedule fields
 * are valid, the plan the launch would follow: days, first and last send, cost (the fan-out's own planner).
 */
export async function countSegmentAction(
  values: Record<string, string>,
): Promise<{ count?: SegmentCount; plan?: CampaignPlan; unmatched?: string[]; fieldErrors?: Record<string, string> }> {
  const ctx = await requireStaff("campaigns:read");
  if (!values || typeof values !== "object") return { fieldErrors: { form: "invalidFilter" } };
  const db = await getDb();
  const listed = await withPastedList(db, ctx.clinicId, values);
  if (listed.error) return { unmatched: listed.unmatched, fieldErrors: { patientList: listed.error } };
  const { input, unmatched } = listed;
  const parsed = segmentSchema.safeParse(input.segment);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  const schedule = scheduleInputSchema.safeParse(input);
  const now = new Date();
  if (!schedule.success) {
    const count = await countSegment(db, { clinicId: ctx.clinicId, timeZone: ctx.clinic.timezone, segment: parsed.data, now });
    return { count, unmatched, fieldErrors: fieldErrorsOf(schedule.error) };
  }
  const scheduledAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(values.scheduledAt ?? "")
    ? zonedInputToDate(values.scheduledAt, ctx.clinic.timezone)
    : null;
  const estimate = await estimateCampaign(db, {
    clinicId: ctx.clinicId,
    timeZone: ctx.clinic.timezone,
    campaign: { ...scheduleOf(schedule.data), segment: parsed.data, scheduledAt },
    now,
  });
  return { count: estimate.count, plan: estimate.plan, unmatched };
}

export async function previewCampaignAction(values: { templateType?: string; bookingUrl?: string }) {
  const ctx = await requireStaff("campaigns:read");
  return previewCampaign({
    templateType: String(values?.templateType ?? ""),
    bookingUrl: String(values?.bookingUrl ?? ""),
    clinic: ctx.clinic,
  });
}

export async function launchCampaignAction(campaignId: string, _prev: CampaignFormState): Promise<CampaignFormState> {
  const ctx = await requireStaff("campaigns:read");
  const result = await launchCampaign(await getDb(), ctx, { campaignId: String(campaignId) });
  if (!result.ok) return { formError: result.error };
  revalidatePath(`/${await getLocale()}/campaigns`, "layout");
  return { ok: true, queued: result.queued };
}

export async function cancelCampaignAction(campaignId: string, _prev: CampaignFormState): Promise<CampaignFormState> {
  const ctx = await requireStaff("campaigns:read");
  const result = await cancelCampaign(await getDb(), ctx, { campaignId: String(campaignId) });
  if (!result.ok) return { formError: result.error };
  revalidatePath(`/${await getLocale()}/campaigns`, "layout");
  return { ok: true };
}

export async function pauseCampaignAction(campaignId: string, _prev: CampaignFormState): Promise<CampaignFormState> {
  const ctx = await requireStaff("campaigns:read");
  const result = await pauseCampaign(await getDb(), ctx, { campaignId: String(campaignId) });
  if (!result.ok) return { formError: result.error };
  revalidatePath(`/${await getLocale()}/campaigns`, "layout");
  return { ok: true, held: result.held };
}

export async function resumeCampaignAction(campaignId: string, _prev: CampaignFormState): Promise<CampaignFormState> {
  const ctx = await requireStaff("campaigns:read");
  const result = await resumeCampaign(await getDb(), ctx, { campaignId: String(campaignId) });
  if (!result.ok) return { formError: result.error };
  revalidatePath(`/${await getLocale()}/campaigns`, "layout");
  return { ok: true, resumed: result.resumed, days: result.days };
}

/** "Send me a test": the campaign's message to the acting admin's own email (never counted in the results). */
export async function sendCampaignTestAction(campaignId: string, _prev: CampaignFormState): Promise<CampaignFormState & { to?: string }> {
  const ctx = await requireStaff("campaigns:read");
  const locale = (await getLocale()) === "en" ? "en" : "es";
  const t = await getTranslations({ locale, namespace: "campaigns" });
  const result = await sendCampaignTest(await getDb(), ctx, { campaignId: String(campaignId), subjectPrefix: t("test.subject"), locale });
  if (!result.ok) return { formError: result.error };
  return { ok: true, to: result.to };
}

/** The chart's consent switch: one channel, granted or withdrawn, recorded as staff (audited). */
export async function changeMarketingConsentAction(
  patientId: string,
  _prev: CampaignFormState,
  formData: FormData,
): Promise<CampaignFormState> {
  const ctx = await requireStaff("patients:write");
  const values = valuesOf(formData);
  const result = await changeMarketingConsentAsStaff(await getDb(), ctx, { input: { ...values, patientId } });
  if (!result.ok) return { formError: result.error };
  revalidatePath(`/${await getLocale()}/patients/${patientId}`);
  return { ok: true };
}
