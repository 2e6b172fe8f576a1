ALTER TABLE "campaign_recipients" ADD COLUMN "send_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "send_window_start_minute" smallint DEFAULT 600 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "send_window_end_minute" smallint DEFAULT 1140 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "daily_cap" integer DEFAULT 250 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "patient_cap_days" smallint DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "price_per_message_cents" integer DEFAULT 0 NOT NULL;