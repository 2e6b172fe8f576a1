CREATE TABLE "payment_settings" (
	"clinic_id" uuid PRIMARY KEY NOT NULL,
	"reminders_enabled" boolean DEFAULT true NOT NULL,
	"reminder_after_days" integer[] DEFAULT '{3,7}'::integer[] NOT NULL,
	"reminder_before_due_days" integer DEFAULT 1,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_settings_before_due_days" CHECK ("payment_settings"."reminder_before_due_days" is null or "payment_settings"."reminder_before_due_days" between 0 and 30)
);
--> statement-breakpoint
ALTER TABLE "payment_settings" ADD CONSTRAINT "payment_settings_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;