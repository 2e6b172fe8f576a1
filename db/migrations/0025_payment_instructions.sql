ALTER TABLE "payments" ADD COLUMN "pending_reference" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "pending_clabe" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "pending_expires_at" timestamp with time zone;