DROP INDEX "deliveries_due_idx";--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "reminder_lead_hours" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "video_room_base_url" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
UPDATE "deliveries" SET "next_attempt_at" = "send_at";--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "next_attempt_at" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("status","next_attempt_at");