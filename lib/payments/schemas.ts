import { z } from "zod";
import { CURRENCIES, DESK_PAYMENT_METHODS } from "@/db/schema";

/** A calendar day as a date input sends it ("2026-12-15"), and a real one (no 2026-02-30). */
const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "invalidDate")
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, "invalidDate");
const optionalDay = z.preprocess((v) => (v === "" || v === null ? undefined : v), calendarDay.optional());

/** Staff add a charge to a visit. The amount stays text here: lib/payments/money.ts parses it. Messages are error codes (`payments.errors`). */
export const addChargeInputSchema = z.object({
  appointmentId: z.uuid("notFound"),
  concept: z.string("required").trim().min(1, "required").max(120, "tooLong"),
  amount: z.string("required"),
  currency: z.enum(CURRENCIES, "invalidCurrency"),
  dueDate: optionalDay,
});

export const voidChargeInputSchema = z.object({
  chargeId: z.uuid("notFound"),
  reason: z.string("required").trim().min(3, "required").max(300, "tooLong"),
});

/** Money taken at the desk: the amount defaults to what is still owed when left empty. */
export const recordDeskPaymentInputSchema = z.object({
  chargeId: z.uuid("notFound"),
  method: z.enum(DESK_PAYMENT_METHODS, "invalidMethod"),
  amount: z.preprocess((v) => (v === null ? "" : v), z.string().default("")),
  takenById: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.uuid("notFound").optional()),
});

export const chargeIdSchema = z.uuid("notFound");
