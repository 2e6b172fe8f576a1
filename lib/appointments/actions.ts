"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { notifyAppointmentChanged, notifyDeliveriesScheduled } from "@/lib/notifications/scheduler";
import {
  bookAppointment,
  cancelAppointment,
  rescheduleAppointment,
  type AppointmentFieldErrors,
  type ChangeAppointmentResult,
} from "./change-appointment";

export interface AppointmentFormState {
  ok?: boolean;
  /** How many messages were planned (the toast says so). */
  scheduled?: number;
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
  // After commit: wake the driver (the database is the truth; the sweep catches anything missed).
  await notifyAppointmentChanged(result.appointmentId);
  await notifyDeliveriesScheduled(result.scheduled);
  revalidatePath(`/${await getLocale()}/patients`, "layout");
  return { ok: true, scheduled: result.scheduled.length };
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
