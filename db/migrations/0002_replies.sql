CREATE TYPE "public"."actor_kind" AS ENUM('staff', 'patient');--> statement-breakpoint
CREATE TYPE "public"."inbound_intent" AS ENUM('opt_out', 'opt_in', 'confirm', 'cancel', 'message');--> statement-breakpoint
CREATE TABLE "inbound_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"channel" "channel" NOT NULL,
	"provider_message_id" text NOT NULL,
	"from_address" text NOT NULL,
	"wa_id" text,
	"body" text DEFAULT '' NOT NULL,
	"button_payload" text,
	"intent" "inbound_intent" NOT NULL,
	"appointment_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_messages_providerMessageId_unique" UNIQUE("provider_message_id")
);
--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "whatsapp_wa_id" text;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "sms_reachability" "reachability" DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "sms_reachability_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "email_bounced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "confirmed_by" "actor_kind";--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "cancelled_by" "actor_kind";--> statement-breakpoint
ALTER TABLE "delivery_events" ADD COLUMN "provider_event_id" text;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inbound_messages_patient_idx" ON "inbound_messages" USING btree ("clinic_id","patient_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_events_provider_event_unique" ON "delivery_events" USING btree ("source","provider_event_id");