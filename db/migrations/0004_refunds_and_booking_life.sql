CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"amount_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"reason" text NOT NULL,
	"requested_by" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"provider_refund_id" text,
	"last_error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"reported_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refunds_amount_check" CHECK ("refunds"."amount_minor" > 0),
	CONSTRAINT "refunds_currency_check" CHECK ("refunds"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "refunds_reason_check" CHECK ("refunds"."reason" in ('payment_mismatch', 'paid_after_start', 'places_gone', 'requested_in_stripe')),
	CONSTRAINT "refunds_requested_by_check" CHECK ("refunds"."requested_by" in ('system', 'staff', 'stripe_dashboard')),
	CONSTRAINT "refunds_status_check" CHECK ("refunds"."status" in ('pending', 'succeeded', 'failed')),
	CONSTRAINT "refunds_attempts_check" CHECK ("refunds"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stripe_refund_notices" (
	"event_id" text PRIMARY KEY NOT NULL,
	"payment_intent_id" text NOT NULL,
	"amount_refunded_minor" integer NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "bookings" DROP CONSTRAINT "bookings_refund_check";--> statement-breakpoint
ALTER TABLE "bookings" DROP CONSTRAINT "bookings_holds_seats_status_check";--> statement-breakpoint
ALTER TABLE "bookings" DROP CONSTRAINT "bookings_status_check";--> statement-breakpoint
ALTER TABLE "email_messages" DROP CONSTRAINT "email_messages_kind_check";--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "paid_currency" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "payment_problem" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "cancelled_by" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_idempotency_key" ON "refunds" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_provider_refund_id_key" ON "refunds" USING btree ("provider_refund_id");--> statement-breakpoint
CREATE INDEX "refunds_booking_idx" ON "refunds" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "refunds_status_idx" ON "refunds" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "stripe_refund_notices_payment_intent_idx" ON "stripe_refund_notices" USING btree ("payment_intent_id");--> statement-breakpoint
-- Data: refunds recorded on a booking become refund rows, and the booking states that described
-- money become the booking's life (refunded in full → cancelled by the studio, or expired for a
-- late payment whose places were gone; partly refunded → confirmed).
INSERT INTO "refunds" ("booking_id", "amount_minor", "currency", "reason", "requested_by", "idempotency_key", "status", "provider_refund_id", "settled_at", "created_at", "updated_at")
SELECT "id", "amount_refunded_minor", "currency",
  CASE WHEN "status_reason" LIKE 'paid after%' THEN 'places_gone' ELSE 'requested_in_stripe' END,
  CASE WHEN "status_reason" LIKE 'paid after%' THEN 'system' ELSE 'stripe_dashboard' END,
  'migrated-' || "id",
  CASE WHEN "status_reason" LIKE 'paid after%' AND "refund_id" IS NULL THEN 'pending' ELSE 'succeeded' END,
  "refund_id",
  CASE WHEN "status_reason" LIKE 'paid after%' AND "refund_id" IS NULL THEN NULL ELSE "updated_at" END,
  "updated_at", "updated_at"
FROM "bookings" WHERE "amount_refunded_minor" > 0;--> statement-breakpoint
UPDATE "bookings" SET "status" = 'expired', "payment_problem" = 'places_gone', "paid_currency" = "currency"
WHERE "status" = 'refunded' AND "status_reason" LIKE 'paid after%';--> statement-breakpoint
UPDATE "bookings" SET "status" = 'cancelled', "cancelled_by" = 'studio', "cancelled_at" = "updated_at"
WHERE "status" IN ('refunded', 'cancelled');--> statement-breakpoint
UPDATE "bookings" SET "status" = 'confirmed' WHERE "status" = 'partially_refunded';--> statement-breakpoint
UPDATE "bookings" SET "paid_currency" = "currency" WHERE "amount_paid_minor" IS NOT NULL AND "paid_currency" IS NULL;--> statement-breakpoint
UPDATE "email_messages" SET "kind" = 'booking_cancelled'
WHERE "kind" = 'booking_refunded' AND ("payload"::jsonb ->> 'full') = 'true';--> statement-breakpoint
ALTER TABLE "bookings" DROP COLUMN "amount_refunded_minor";--> statement-breakpoint
ALTER TABLE "bookings" DROP COLUMN "refund_id";--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_cancelled_by_check" CHECK ("bookings"."cancelled_by" is null or "bookings"."cancelled_by" in ('customer', 'staff', 'studio'));--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_cancelled_has_who_check" CHECK (("bookings"."status" = 'cancelled') = ("bookings"."cancelled_by" is not null));--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_payment_problem_check" CHECK ("bookings"."payment_problem" is null or "bookings"."payment_problem" in ('payment_mismatch', 'paid_after_start', 'places_gone'));--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_amount_paid_check" CHECK ("bookings"."amount_paid_minor" is null or "bookings"."amount_paid_minor" >= 0);--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_paid_currency_check" CHECK ("bookings"."paid_currency" is null or "bookings"."paid_currency" ~ '^[A-Z]{3}$');--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_holds_seats_status_check" CHECK (not "bookings"."holds_seats" or "bookings"."status" in ('pending_payment', 'confirmed'));--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_status_check" CHECK ("bookings"."status" in ('pending_payment', 'confirmed', 'cancelled', 'expired'));--> statement-breakpoint
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_kind_check" CHECK ("email_messages"."kind" in ('booking_confirmed', 'staff_new_booking', 'reminder', 'booking_refunded', 'booking_cancelled', 'late_payment_refunded', 'finish_payment', 'staff_payment_problem', 'staff_refund_problem'));--> statement-breakpoint
-- The last guard on money: refunds of a booking that are pending or succeeded never add up to more
-- than it paid. It locks the booking row, so two refunds asked at once are counted one after the other.
CREATE FUNCTION "refunds_within_paid"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  paid integer;
  committed integer;
BEGIN
  IF NEW.status = 'failed' THEN
    RETURN NEW;
  END IF;
  SELECT amount_paid_minor INTO paid FROM bookings WHERE id = NEW.booking_id FOR UPDATE;
  SELECT coalesce(sum(amount_minor), 0) INTO committed FROM refunds
    WHERE booking_id = NEW.booking_id AND status IN ('pending', 'succeeded') AND id <> NEW.id;
  IF paid IS NULL OR committed + NEW.amount_minor > paid THEN
    RAISE EXCEPTION 'refunds of booking % would add up to more than it paid', NEW.booking_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'refunds_total_within_paid';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "refunds_total_within_paid" BEFORE INSERT OR UPDATE OF "amount_minor", "status", "booking_id" ON "refunds"
FOR EACH ROW EXECUTE FUNCTION "refunds_within_paid"();
