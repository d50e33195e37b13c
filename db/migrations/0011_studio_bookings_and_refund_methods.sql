ALTER TABLE "bookings" DROP CONSTRAINT "bookings_intake_erased_check";--> statement-breakpoint
ALTER TABLE "refunds" DROP CONSTRAINT "refunds_reason_check";--> statement-breakpoint
ALTER TABLE "bookings" ALTER COLUMN "customer_email" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ALTER COLUMN "consented_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "payment_method" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "source" text DEFAULT 'website' NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "booked_by_staff_id" uuid;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "method" text DEFAULT 'card' NOT NULL;--> statement-breakpoint
UPDATE "bookings" SET "payment_method" = 'card' WHERE "amount_paid_minor" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_booked_by_staff_id_staff_users_id_fk" FOREIGN KEY ("booked_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_intake_consent_check" CHECK ("bookings"."pain_location" is null or "bookings"."consented_at" is not null);--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_intake_given_check" CHECK ("bookings"."pain_location" is not null or "bookings"."intake_erased_at" is not null or "bookings"."source" = 'studio');--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_email_check" CHECK ("bookings"."customer_email" is not null or "bookings"."source" = 'studio');--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_source_check" CHECK ("bookings"."source" in ('website', 'studio'));--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_payment_method_check" CHECK ("bookings"."payment_method" is null or "bookings"."payment_method" in ('card', 'studio', 'complimentary'));--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_intake_erased_check" CHECK ("bookings"."intake_erased_at" is null or "bookings"."pain_location" is null);--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_method_check" CHECK ("refunds"."method" in ('card', 'studio'));--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_reason_check" CHECK ("refunds"."reason" in ('payment_mismatch', 'paid_after_start', 'places_gone', 'requested_in_stripe', 'date_cancelled', 'staff_refund'));