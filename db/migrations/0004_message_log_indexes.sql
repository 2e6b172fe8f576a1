CREATE INDEX "deliveries_log_time_idx" ON "deliveries" USING btree ("clinic_id","send_at","id");--> statement-breakpoint
CREATE INDEX "deliveries_log_status_idx" ON "deliveries" USING btree ("clinic_id","status","send_at","id");--> statement-breakpoint
CREATE INDEX "deliveries_log_patient_idx" ON "deliveries" USING btree ("clinic_id","patient_id","send_at","id");--> statement-breakpoint
CREATE INDEX "deliveries_log_attempts_idx" ON "deliveries" USING btree ("clinic_id","attempts","send_at","id");--> statement-breakpoint
CREATE INDEX "deliveries_fallback_of_idx" ON "deliveries" USING btree ("fallback_of_id") WHERE "deliveries"."fallback_of_id" is not null;