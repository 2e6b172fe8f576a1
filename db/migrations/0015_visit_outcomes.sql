ALTER TABLE "clinics" ADD COLUMN "late_cancel_hours" smallint DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "auto_attend_after_hours" smallint;--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "baseline_no_show_rate_bp" integer;--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "baseline_confirmation_rate_bp" integer;--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "baseline_time_to_confirm_minutes" integer;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "outcome_recorded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "outcome_recorded_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_outcome_recorded_by_user_id_users_id_fk" FOREIGN KEY ("outcome_recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointments_to_close_idx" ON "appointments" USING btree ("clinic_id","ends_at") WHERE "appointments"."status" in ('scheduled', 'confirmed');--> statement-breakpoint
ALTER TABLE "clinics" ADD CONSTRAINT "clinics_late_cancel_hours" CHECK ("clinics"."late_cancel_hours" between 0 and 168);--> statement-breakpoint
ALTER TABLE "clinics" ADD CONSTRAINT "clinics_auto_attend_hours" CHECK ("clinics"."auto_attend_after_hours" is null or "clinics"."auto_attend_after_hours" between 1 and 168);--> statement-breakpoint
ALTER TABLE "clinics" ADD CONSTRAINT "clinics_baseline_rates" CHECK (coalesce("clinics"."baseline_no_show_rate_bp", 0) between 0 and 10000 and coalesce("clinics"."baseline_confirmation_rate_bp", 0) between 0 and 10000 and coalesce("clinics"."baseline_time_to_confirm_minutes", 0) >= 0);--> statement-breakpoint
-- Backfill: a visit already marked attended (completed) or no-show takes its time and author from the
-- latest audit entry that marked it; without one (marked before the audit existed) its last update, author
-- unknown (null).
UPDATE "appointments" a SET
  "outcome_recorded_at" = coalesce(l."created_at", a."updated_at"),
  "outcome_recorded_by_user_id" = l."actor_user_id"
FROM "appointments" a2
LEFT JOIN LATERAL (
  SELECT al."created_at", al."actor_user_id" FROM "audit_log" al
  WHERE al."clinic_id" = a2."clinic_id" AND al."entity_type" = 'appointment' AND al."entity_id" = a2."id"::text
    AND al."action" in ('appointment.complete', 'appointment.no_show')
  ORDER BY al."created_at" DESC, al."id" DESC LIMIT 1
) l ON true
WHERE a2."id" = a."id" AND a."status" in ('completed', 'no_show') AND a."outcome_recorded_at" IS NULL;
