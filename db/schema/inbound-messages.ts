import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clinics } from "./clinics";
import { patients } from "./patients";
import { appointments } from "./appointments";
import { channelEnum, inboundIntentEnum } from "./enums";

/** A patient's reply (WhatsApp or SMS), kept on the chart with what Luna did about it. */
export const inboundMessages = pgTable(
  "inbound_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    channel: channelEnum().notNull(),
    /** Twilio's MessageSid: a retried webhook is stored once. */
    providerMessageId: text().notNull().unique(),
    /** As Twilio sent it, e.g. "whatsapp:+5215512345678". */
    fromAddress: text().notNull(),
    waId: text(),
    body: text().notNull().default(""),
    buttonPayload: text(),
    intent: inboundIntentEnum().notNull(),
    /** The appointment a confirm/cancel acted on. */
    appointmentId: uuid().references(() => appointments.id),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("inbound_messages_patient_idx").on(t.clinicId, t.patientId, t.receivedAt)],
);

export type InboundMessage = typeof inboundMessages.$inferSelect;
