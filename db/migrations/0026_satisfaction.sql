ALTER TYPE "public"."inbound_intent" ADD VALUE 'satisfaction';--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "satisfaction_score" smallint;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "satisfaction_answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_satisfaction_score_range" CHECK ("appointments"."satisfaction_score" IS NULL OR "appointments"."satisfaction_score" BETWEEN 1 AND 5);