"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { cancelCampaign, createCampaign, launchCampaign } from "./campaigns";
import { changeMarketingConsentAsStaff } from "./consent";
import { previewCampaign } from "./preview";
import { segmentSchema } from "./schemas";
import { countSegment, type SegmentCount } from "./segment";
import { fieldErrorsOf } from "@/lib/errors";

export interface CampaignFormState {
  ok?: boolean;
  campaignId?: string;
  fieldErrors?: Record<string, string>;
  formError?: string;
  values?: Record<string, string>;
  queued?: number;
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
  const segment: Record<string, string> = {};
  for (const key of SEGMENT_FIELDS) if (values[key] !== undefined && values[key] !== "") segment[key] = values[key];
  return { name: values.name, templateType: values.templateType, bookingUrl: values.bookingUrl, scheduledAt: values.scheduledAt, segment };
}

/** A segment's errors come back keyed `segment.<field>`: the form shows them under the field itself. */
const flatErrors = (errors: Record<string, string>) =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^segment\./, ""), v]));

export async function createCampaignAction(_prev: CampaignFormState, formData: FormData): Promise<CampaignFormState> {
  const ctx = await requireStaff("campaigns:read");
  const values = valuesOf(formData);
  const result = await createCampaign(await getDb(), ctx, { input: campaignInputOf(values) });
  if (!result.ok)
    return result.error === "invalid" ? { fieldErrors: flatErrors(result.fieldErrors), values } : { formError: result.error, values };
  revalidatePath(`/${await getLocale()}/campaigns`);
  return { ok: true, campaignId: result.campaignId };
}

/** The live count for the segment being built (admins and staff may look). */
export async function countSegmentAction(
  values: Record<string, string>,
): Promise<{ count?: SegmentCount; fieldErrors?: Record<string, string> }> {
  const ctx = await requireStaff("campaigns:read");
  if (!values || typeof values !== "object") return { fieldErrors: { form: "invalidFilter" } };
  const parsed = segmentSchema.safeParse(campaignInputOf(values).segment);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  const count = await countSegment(await getDb(), {
    clinicId: ctx.clinicId,
    timeZone: ctx.clinic.timezone,
    segment: parsed.data,
    now: new Date(),
  });
  return { count };
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
