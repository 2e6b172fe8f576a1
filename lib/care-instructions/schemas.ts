import { z } from "zod";

const optionalUuid = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.uuid("notFound").optional());

/** Care instructions as a doctor submits them; messages are error codes (`careInstructions.errors`). */
export const careInstructionsInputSchema = z.object({
  patientId: z.uuid("notFound"),
  appointmentId: optionalUuid,
  body: z.string("required").trim().min(1, "required").max(5000, "tooLong"),
});

export type CareInstructionsInput = z.infer<typeof careInstructionsInputSchema>;
