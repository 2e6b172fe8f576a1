-- Every delivery says what it is about (subject_type, subject_id, subject_version), and what it was
-- planned with moves from `variables` to `payload`; `variables` keeps only the filled WhatsApp values.
ALTER TABLE "deliveries" ADD COLUMN "subject_type" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "subject_id" uuid;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "subject_version" integer;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "payload" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
UPDATE "deliveries" SET
  "subject_type" = CASE
    WHEN "appointment_id" IS NOT NULL THEN 'appointment'
    WHEN "variables" ? 'linkId' THEN 'secure_link'
    ELSE 'patient'
  END,
  "subject_id" = CASE
    WHEN "appointment_id" IS NOT NULL THEN "appointment_id"
    WHEN "variables" ? 'linkId' THEN ("variables" ->> 'linkId')::uuid
    ELSE "patient_id"
  END,
  "subject_version" = "appointment_version",
  "payload" = jsonb_strip_nulls(jsonb_build_object(
    'linkUrl', "variables" -> 'linkUrl',
    'linkDays', CASE WHEN "variables" ->> 'linkDays' ~ '^[0-9]+$' THEN ("variables" ->> 'linkDays')::integer END,
    'doctorName', "variables" -> 'doctorName'
  )),
  "variables" = (
    SELECT coalesce(jsonb_object_agg(v.key, v.value), '{}'::jsonb)
    FROM jsonb_each("deliveries"."variables") AS v
    WHERE v.key ~ '^[0-9]+$'
  );--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "subject_type" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "subject_id" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "deliveries_subject_idx" ON "deliveries" USING btree ("subject_type","subject_id");
