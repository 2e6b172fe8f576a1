"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { getPatient, listPatients } from "@/lib/patients/queries";
import { savePatient, type FieldErrors as PatientFieldErrors } from "@/lib/patients/save-patient";
import { formatContact } from "@/lib/patients/phone";
import {
  bookAppointment,
  cancelAppointment,
  markAppointmentOutcome,
  rescheduleAppointment,
  type AppointmentFieldErrors,
  type ChangeAppointmentResult,
  type MarkOutcomeResult,
} from "./change-appointment";
import { getAppointmentDetail, getClinicBookingSettings } from "./queries";
import { generateVideoRoomUrl } from "./video-room";
import type { MessageForecast } from "@/lib/notifications/forecast-messages";

export interface AppointmentFormState {
  ok?: boolean;
  /** Per message, what will really happen (the toast says so). */
  forecast?: MessageForecast[];
  fieldErrors?: AppointmentFieldErrors;
  formError?: "notFound" | "forbidden" | "alreadyCancelled" | "inThePast";
  values?: Record<string, string>;
}

function formValues(formData: FormData) {
  return Object.fromEntries([...formData.entries()].filter(([k]) => !k.startsWith("$")).map(([k, v]) => [k, String(v)]));
}

async function afterChange(result: ChangeAppointmentResult, values: Record<string, string>): Promise<AppointmentFormState> {
  if (!result.ok) {
    return result.error === "invalid" ? { fieldErrors: result.fieldErrors, values } : { formError: result.error, values };
  }
  // The driver was told after commit by the change itself (lib/domain-events/run-change.ts).
  revalidatePath(`/${await getLocale()}/patients`, "layout");
  return { ok: true, forecast: result.forecast };
}

export async function bookAppointmentAction(patientId: string, _prev: AppointmentFormState, formData: FormData) {
  const ctx = await requireStaff();
  const values = formValues(formData);
  return afterChange(await bookAppointment(await getDb(), ctx, { input: { ...values, patientId } }), values);
}

export async function rescheduleAppointmentAction(appointmentId: string, _prev: AppointmentFormState, formData: FormData) {
  const ctx = await requireStaff();
  const values = formValues(formData);
  return afterChange(await rescheduleAppointment(await getDb(), ctx, { input: { ...values, appointmentId } }), values);
}

export async function cancelAppointmentAction(appointmentId: string, _prev: AppointmentFormState, _formData: FormData) {
  const ctx = await requireStaff();
  return afterChange(await cancelAppointment(await getDb(), ctx, { input: { appointmentId } }), {});
}

// ——— Calendar ————————————————————————————————————————————————————————————————————————————————————

/** One appointment with its patient and every message planned or sent for it; null if not this clinic's. */
export async function getAppointmentDetailAction(appointmentId: string) {
  const ctx = await requireStaff("appointments:read");
  const detail = await getAppointmentDetail(await getDb(), { clinicId: ctx.clinicId, appointmentId: String(appointmentId) });
  return detail ? { ...detail, patientContact: formatContact({ phone: detail.patientPhone, email: detail.patientEmail }) } : null;
}

export interface PatientOption {
  id: string;
  firstName: string;
  lastName: string;
  /** The phone as staff read it, or the email of a patient reached by email only. */
  contact: string;
}

/** Patients matching what staff type (name, accents ignored, or phone digits), for picking one to book. */
export async function searchPatientsAction(search: string): Promise<PatientOption[]> {
  const ctx = await requireStaff("patients:read");
  const query = String(search ?? "")
    .trim()
    .slice(0, 100);
  const { rows } = await listPatients(await getDb(), { clinicId: ctx.clinicId, search: query, pageSize: 8 });
  return rows.map((p) => ({ id: p.id, firstName: p.firstName, lastName: p.lastName, contact: formatContact(p) }));
}

export type CreatePatientState =
  { ok: true; patient: PatientOption } | { ok: false; fieldErrors?: PatientFieldErrors; formError?: "notFound" | "forbidden" };

/** Creates a patient from the booking dialog, with the patient form's own validation and phone normalisation. */
export async function createPatientForBookingAction(values: Record<string, string>): Promise<CreatePatientState> {
  const ctx = await requireStaff();
  const result = await savePatient(await getDb(), ctx, { input: { ...values } });
  if (!result.ok)
    return result.error === "invalid" ? { ok: false, fieldErrors: result.fieldErrors } : { ok: false, formError: result.error };
  const patient = await getPatient(await getDb(), { clinicId: ctx.clinicId, patientId: result.patientId });
  if (!patient) return { ok: false, formError: "notFound" };
  return {
    ok: true,
    patient: { id: patient.id, firstName: patient.firstName, lastName: patient.lastName, contact: formatContact(patient) },
  };
}

export type CalendarChangeState =
  | { ok: true; appointmentId: string; forecast: MessageForecast[] }
  | {
      ok: false;
      fieldErrors?: AppointmentFieldErrors;
      formError?: "notFound" | "forbidden" | "alreadyCancelled" | "inThePast" | "noVideoRoomBase";
    };

async function afterCalendarChange(result: ChangeAppointmentResult): Promise<CalendarChangeState> {
  if (!result.ok)
    return result.error === "invalid" ? { ok: false, fieldErrors: result.fieldErrors } : { ok: false, formError: result.error };
  revalidatePath(`/${await getLocale()}/patients`, "layout");
  return {
    ok: true,
    appointmentId: result.appointmentId,
    forecast: result.forecast,
  };
}

/**
 * Books from the calendar. A video visit takes a pasted link, or (videoMode "generate") a new room under the
 * clinic's video room base URL — refused with `noVideoRoomBase` when the clinic has none.
 */
export async function bookFromCalendarAction(values: Record<string, string>): Promise<CalendarChangeState> {
  const ctx = await requireStaff();
  const db = await getDb();
  const input: Record<string, unknown> = { ...values };
  if (values.kind === "video" && values.videoMode === "generate") {
    const settings = await getClinicBookingSettings(db, { clinicId: ctx.clinicId });
    const url = generateVideoRoomUrl(settings?.videoRoomBaseUrl);
    if (!url) return { ok: false, formError: "noVideoRoomBase" };
    input.videoUrl = url;
  }
  delete input.videoMode;
  return afterCalendarChange(await bookAppointment(db, ctx, { input }));
}

/** Moves an appointment (drag or edited time) to a new start, optionally with a new duration. */
export async function rescheduleFromCalendarAction(input: {
  appointmentId: string;
  startsAt: string;
  durationMinutes?: number;
  confirmOutsideHours?: boolean;
}) {
  const ctx = await requireStaff();
  return afterCalendarChange(await rescheduleAppointment(await getDb(), ctx, { input: { ...input } }));
}

/** Cancels an appointment (after the dialog's confirmation); the engine plans the cancellation notice. */
export async function cancelFromCalendarAction(appointmentId: string) {
  const ctx = await requireStaff();
  return afterCalendarChange(await cancelAppointment(await getDb(), ctx, { input: { appointmentId } }));
}

/** Marks a visit whose time has come completed or no-show. */
export async function markAppointmentOutcomeAction(input: { appointmentId: string; outcome: string }): Promise<MarkOutcomeResult> {
  const ctx = await requireStaff();
  const result = await markAppointmentOutcome(await getDb(), ctx, { input: { ...input } });
  if (result.ok) revalidatePath(`/${await getLocale()}/patients`, "layout");
  return result;
}
