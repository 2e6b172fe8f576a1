import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clinics } from "./clinics";
import { users } from "./users";

/** Staff actions: who did what to which record, when. Append-only. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    actorUserId: uuid().references(() => users.id),
    /** e.g. "auth.sign_in", "patient.create", "patient.update" */
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    /** Field names that changed, never their values (no phone numbers or names here). */
    metadata: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_clinic_created_idx").on(t.clinicId, t.createdAt)],
);

export type AuditEntry = typeof auditLog.$inferSelect;
