/** The balance-reminder settings' shape and choices (no database: the settings form imports them). */

/** A clinic's balance-reminder schedule (Settings → Payments). */
export interface PaymentReminderSettings {
  remindersEnabled: boolean;
  /** Days after the request, ascending. */
  reminderAfterDays: number[];
  /** Days before the charge's due date (null: none). */
  reminderBeforeDueDays: number | null;
}

export const DEFAULT_PAYMENT_REMINDER_SETTINGS: PaymentReminderSettings = {
  remindersEnabled: true,
  reminderAfterDays: [3, 7],
  reminderBeforeDueDays: 1,
};

/** The days staff may pick (after the request; before the due date). */
export const REMINDER_AFTER_DAY_CHOICES = [1, 2, 3, 5, 7, 10, 14, 21, 30] as const;
export const REMINDER_BEFORE_DUE_CHOICES = [0, 1, 2, 3, 7] as const;
