CREATE TABLE "clinic_messaging" (
	"clinic_id" uuid PRIMARY KEY NOT NULL,
	"mode" text DEFAULT 'shared' NOT NULL,
	"account_sid" text,
	"auth_token_encrypted" text,
	"auth_token_last4" text,
	"messaging_service_sid" text,
	"whatsapp_from" text,
	"sms_from" text,
	"content_sids" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clinic_messaging_mode" CHECK ("clinic_messaging"."mode" in ('shared', 'own'))
);
--> statement-breakpoint
ALTER TABLE "clinic_messaging" ADD CONSTRAINT "clinic_messaging_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clinic_messaging_account_sid" ON "clinic_messaging" USING btree ("account_sid");--> statement-breakpoint
CREATE UNIQUE INDEX "clinic_messaging_service_unique" ON "clinic_messaging" USING btree ("messaging_service_sid") WHERE "clinic_messaging"."messaging_service_sid" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "clinic_messaging_whatsapp_from_unique" ON "clinic_messaging" USING btree ("whatsapp_from") WHERE "clinic_messaging"."whatsapp_from" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "clinic_messaging_sms_from_unique" ON "clinic_messaging" USING btree ("sms_from") WHERE "clinic_messaging"."sms_from" is not null;