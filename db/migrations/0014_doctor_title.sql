CREATE TYPE "public"."doctor_title" AS ENUM('dr', 'dra');--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "title" "doctor_title";--> statement-breakpoint
-- Doctors whose name starts with their title ("Dr. García", "Dra. López") get it as their title.
UPDATE "users" SET "title" = 'dra' WHERE "role" = 'doctor' AND "name" ~* '^\s*dra\.?\s';--> statement-breakpoint
UPDATE "users" SET "title" = 'dr' WHERE "role" = 'doctor' AND "title" IS NULL AND "name" ~* '^\s*dr\.?\s';
