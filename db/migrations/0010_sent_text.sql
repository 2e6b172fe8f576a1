ALTER TABLE "deliveries" ADD COLUMN "sent_body" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "sent_subject" text;