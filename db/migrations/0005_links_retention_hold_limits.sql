CREATE TABLE "app_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bookings" DROP CONSTRAINT "bookings_pain_location_check";--> statement-breakpoint
DROP INDEX "bookings_access_token_key";--> statement-breakpoint
ALTER TABLE "bookings" ALTER COLUMN "pain_location" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "bookings" ALTER COLUMN "pain_location" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "legacy_token_hash" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "intake_erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "client_network" text;--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_legacy_token_hash_key" ON "bookings" USING btree ("legacy_token_hash");--> statement-breakpoint
CREATE INDEX "bookings_live_holds_by_email_idx" ON "bookings" USING btree ("customer_email") WHERE "bookings"."holds_seats" and "bookings"."status" = 'pending_payment';--> statement-breakpoint
CREATE INDEX "bookings_live_holds_by_network_idx" ON "bookings" USING btree ("client_network") WHERE "bookings"."holds_seats" and "bookings"."status" = 'pending_payment';--> statement-breakpoint
-- Links already sent keep working: only a hash of each is kept; the plain tokens go.
UPDATE "bookings" SET "legacy_token_hash" = encode(sha256(convert_to("access_token", 'UTF8')), 'hex');--> statement-breakpoint
ALTER TABLE "bookings" DROP COLUMN "access_token";--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_intake_erased_check" CHECK (("bookings"."pain_location" is null) = ("bookings"."intake_erased_at" is not null));--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_pain_location_check" CHECK ("bookings"."pain_location" is null or "bookings"."pain_location" in ('front', 'outer', 'tendon', 'unsure'));