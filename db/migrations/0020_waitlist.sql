CREATE TYPE "public"."slot_offer_recipient_status" AS ENUM('offered', 'accepted', 'declined', 'expired', 'too_late');--> statement-breakpoint
CREATE TYPE "public"."slot_offer_status" AS ENUM('open', 'filled', 'closed');--> statement-breakpoint
CREATE TYPE "public"."waitlist_entry_status" AS ENUM('waiting', 'booked', 'removed');--> statement-breakpoint
ALTER TYPE "public"."inbound_intent" ADD VALUE 'offer_accept';--> statement-breakpoint
ALTER TYPE "public"."inbound_intent" ADD VALUE 'offer_decline';--> statement-breakpoint
CREATE TABLE "slot_offer_recipients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"wave" integer NOT NULL,
	"status" "slot_offer_recipient_status" DEFAULT 'offered' NOT NULL,
	"offered_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "slot_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"doctor_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"kind" "appointment_kind" NOT NULL,
	"video_url" text,
	"freed_appointment_id" uuid,
	"freed_at" timestamp with time zone NOT NULL,
	"status" "slot_offer_status" DEFAULT 'open' NOT NULL,
	"wave" integer DEFAULT 0 NOT NULL,
	"held_until" timestamp with time zone,
	"booked_appointment_id" uuid,
	"filled_at" timestamp with time zone,
	"closed_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "waitlist_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"doctor_id" uuid,
	"kind" "appointment_kind",
	"weekdays" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"from_minute" integer,
	"to_minute" integer,
	"duration_minutes" integer DEFAULT 30 NOT NULL,
	"expires_on" date,
	"notes" text,
	"status" "waitlist_entry_status" DEFAULT 'waiting' NOT NULL,
	"booked_appointment_id" uuid,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waitlist_entries_window" CHECK (("waitlist_entries"."from_minute" IS NULL) = ("waitlist_entries"."to_minute" IS NULL) AND ("waitlist_entries"."from_minute" IS NULL OR "waitlist_entries"."from_minute" < "waitlist_entries"."to_minute")),
	CONSTRAINT "waitlist_entries_duration" CHECK ("waitlist_entries"."duration_minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "waitlist_settings" (
	"clinic_id" uuid PRIMARY KEY NOT NULL,
	"auto_offer" boolean DEFAULT true NOT NULL,
	"wave_size" integer DEFAULT 3 NOT NULL,
	"hold_minutes" integer DEFAULT 15 NOT NULL,
	"min_lead_minutes" integer DEFAULT 120 NOT NULL,
	"accept_moves_later_visit" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "slot_offer_recipients" ADD CONSTRAINT "slot_offer_recipients_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_offer_recipients" ADD CONSTRAINT "slot_offer_recipients_offer_id_slot_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."slot_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_offer_recipients" ADD CONSTRAINT "slot_offer_recipients_entry_id_waitlist_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."waitlist_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_offer_recipients" ADD CONSTRAINT "slot_offer_recipients_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_offers" ADD CONSTRAINT "slot_offers_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_offers" ADD CONSTRAINT "slot_offers_doctor_id_users_id_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_offers" ADD CONSTRAINT "slot_offers_freed_appointment_id_appointments_id_fk" FOREIGN KEY ("freed_appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_offers" ADD CONSTRAINT "slot_offers_booked_appointment_id_appointments_id_fk" FOREIGN KEY ("booked_appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_doctor_id_users_id_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_booked_appointment_id_appointments_id_fk" FOREIGN KEY ("booked_appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_settings" ADD CONSTRAINT "waitlist_settings_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "slot_offer_recipients_once" ON "slot_offer_recipients" USING btree ("offer_id","entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "slot_offer_recipients_one_open_per_patient" ON "slot_offer_recipients" USING btree ("patient_id") WHERE "slot_offer_recipients"."status" = 'offered';--> statement-breakpoint
CREATE UNIQUE INDEX "slot_offer_recipients_one_accepted" ON "slot_offer_recipients" USING btree ("offer_id") WHERE "slot_offer_recipients"."status" = 'accepted';--> statement-breakpoint
CREATE INDEX "slot_offer_recipients_offer_idx" ON "slot_offer_recipients" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "slot_offers_clinic_status_idx" ON "slot_offers" USING btree ("clinic_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "slot_offers_one_open_per_slot" ON "slot_offers" USING btree ("clinic_id","doctor_id","starts_at") WHERE "slot_offers"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "slot_offers_booked_unique" ON "slot_offers" USING btree ("booked_appointment_id");--> statement-breakpoint
CREATE INDEX "waitlist_entries_clinic_status_idx" ON "waitlist_entries" USING btree ("clinic_id","status","created_at");--> statement-breakpoint
CREATE INDEX "waitlist_entries_patient_idx" ON "waitlist_entries" USING btree ("patient_id");