import { z } from "zod";

/**
 * A time staff enter: either an instant with an offset ("2026-12-01T16:00:00Z") or a wall-clock time
 * in the clinic's zone ("2026-12-01T10:00", what a datetime-local input sends).
 */
export const appointmentTimeSchema = z.union(
  [z.iso.datetime({ offset: true }), z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "invalidTime")],
  "invalidTime",
);

const videoUrl = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v),
  z
    .url({ protocol: /^https$/, message: "videoUrlInvalid" })
    .max(500, "videoUrlInvalid")
    .optional(),
);

export const bookAppointmentSchema = z
  .object({
    patientId: z.uuid("patientRequired"),
    doctorId: z.uuid("doctorRequired"),
    startsAt: appointmentTimeSchema,
    durationMinutes: z.coerce.number("durationInvalid").int("durationInvalid").min(5, "durationInvalid").max(480, "durationInvalid"),
    kind: z.enum(["in_person", "video"], "kindInvalid"),
    videoUrl,
    internalNotes: z.string().trim().max(2000, "tooLong").optional(),
    /** Staff confirmed a time outside the doctor's working hours or on their time off ("fuera de horario"). */
    confirmOutsideHours: z.preprocess((v) => v === true || v === "1" || v === "true" || v === "on", z.boolean()).optional(),
  })
  .refine((v) => v.kind !== "video" || v.videoUrl, { path: ["videoUrl"], message: "videoUrlRequired" });

export const rescheduleAppointmentSchema = z.object({
  appointmentId: z.uuid("notFound"),
  startsAt: appointmentTimeSchema,
  durationMinutes: z.coerce.number().int().min(5, "durationInvalid").max(480, "durationInvalid").optional(),
  /** Staff confirmed moving it outside the doctor's working hours ("fuera de horario"). */
  confirmOutsideHours: z.preprocess((v) => v === true || v === "1" || v === "true" || v === "on", z.boolean()).optional(),
});

export const cancelAppointmentSchema = z.object({ appointmentId: z.uuid("notFound") });

export type BookAppointmentInput = z.input<typeof bookAppointmentSchema>;

/** What staff record once a visit's time has come: it happened, or the patient did not come. */
export const appointmentOutcomes = ["completed", "no_show"] as const;
export type AppointmentOutcome = (typeof appointmentOutcomes)[number];

export const markAppointmentOutcomeSchema = z.object({
  appointmentId: z.uuid("notFound"),
  outcome: z.enum(appointmentOutcomes, "outcomeInvalid"),
});
