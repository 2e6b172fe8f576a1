import { z } from "zod";

/**
 * A prescription as a doctor submits it. Messages are error codes; the form shows them with the
 * `prescriptions.errors` strings. Field errors are keyed by path: "items.0.dose", "instructions".
 */
const line = (max: number) => z.string("required").trim().min(1, "required").max(max, "tooLong");

export const MAX_PRESCRIPTION_ITEMS = 20;

export const prescriptionItemSchema = z.object({
  medication: line(200),
  dose: line(120),
  frequency: line(120),
  duration: line(120),
});

const optionalUuid = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.uuid("notFound").optional());

export const prescriptionInputSchema = z.object({
  patientId: z.uuid("notFound"),
  appointmentId: optionalUuid,
  items: z.array(prescriptionItemSchema, "itemsRequired").min(1, "itemsRequired").max(MAX_PRESCRIPTION_ITEMS, "tooManyItems"),
  instructions: z.string().trim().max(2000, "tooLong").optional().default(""),
});

export type PrescriptionInput = z.infer<typeof prescriptionInputSchema>;

/**
 * The rows of a prescription form (`items.0.medication`, `items.0.dose`, …) as an array, in index
 * order. A row left entirely blank (an extra row never filled in) is dropped; a partly filled row stays,
 * so its empty cells get their error.
 */
export function itemsFromFormData(entries: Iterable<[string, unknown]>) {
  const rows = new Map<number, Record<string, string>>();
  for (const [key, value] of entries) {
    const match = /^items\.(\d{1,2})\.(medication|dose|frequency|duration)$/.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    const row = rows.get(index) ?? {};
    row[match[2]] = String(value);
    rows.set(index, row);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => row)
    .filter((row) => Object.values(row).some((v) => v.trim() !== ""));
}
