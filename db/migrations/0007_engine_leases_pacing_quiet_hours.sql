CREATE TABLE "send_pacing" (
	"sender_key" text PRIMARY KEY NOT NULL,
	"next_slot_at" timestamp with time zone NOT NULL,
	"slowed_until" timestamp with time zone,
	"last_granted" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "quiet_hours_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "quiet_hours_start_minute" smallint DEFAULT 1260 NOT NULL;--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "quiet_hours_end_minute" smallint DEFAULT 480 NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "lease_owner" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "send_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clinics" ADD CONSTRAINT "clinics_quiet_hours_minutes" CHECK ("clinics"."quiet_hours_start_minute" between 0 and 1439 and "clinics"."quiet_hours_end_minute" between 0 and 1439);--> statement-breakpoint
-- Pacing state is disposable (a crash only resets it) and hot: no WAL, so its updates never wait for a flush.
ALTER TABLE "send_pacing" SET UNLOGGED;--> statement-breakpoint
-- Rows claimed before leases existed: they keep the old 5-minute window, and their send may have gone out.
UPDATE "deliveries" SET "lease_expires_at" = coalesce("last_attempt_at", "updated_at") + interval '5 minutes', "send_started_at" = coalesce("last_attempt_at", "updated_at") WHERE "status" = 'sending';
