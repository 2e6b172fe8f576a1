import { boolean, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clinics } from "./clinics";
import { channelEnum, type NotificationType } from "./enums";

/** One row per clinic × notification type × channel (the settings grid). */
export const notificationSettings = pgTable(
  "notification_settings",
  {
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    notificationType: text().$type<NotificationType>().notNull(),
    channel: channelEnum().notNull(),
    enabled: boolean().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.clinicId, t.notificationType, t.channel] })],
);
