CREATE TABLE "email_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"to_address" text NOT NULL,
	"message_id" text NOT NULL,
	"payload" text DEFAULT '{}' NOT NULL,
	"send_after" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_messages_kind_check" CHECK ("email_messages"."kind" in ('booking_confirmed', 'staff_new_booking', 'reminder', 'booking_refunded', 'late_payment_refunded')),
	CONSTRAINT "email_messages_status_check" CHECK ("email_messages"."status" in ('pending', 'sent', 'failed', 'cancelled')),
	CONSTRAINT "email_messages_attempts_check" CHECK ("email_messages"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "rate_limit_counters" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "rate_limit_counters_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "simulated_checkout_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"booking_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"title" text NOT NULL,
	"quantity" integer NOT NULL,
	"amount_total_minor" integer NOT NULL,
	"amount_refunded_minor" integer DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"customer_email" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"payment_intent_id" text,
	"success_url" text NOT NULL,
	"cancel_url" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "simulated_checkout_sessions_status_check" CHECK ("simulated_checkout_sessions"."status" in ('open', 'complete', 'expired'))
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"booking_id" uuid,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "access_token" text NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "unit_price_minor" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "holds_seats" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "hold_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "checkout_session_id" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "checkout_url" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "checkout_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "payment_intent_id" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "amount_paid_minor" integer;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "paid_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "refund_id" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "status_reason" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "calendar_sequence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "pain_location" text DEFAULT 'unsure' NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "pain_duration" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "instructor_notes" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "consented_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "simulated_checkout_sessions" ADD CONSTRAINT "simulated_checkout_sessions_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "email_messages_booking_kind_sequence_key" ON "email_messages" USING btree ("booking_id","kind","sequence");--> statement-breakpoint
CREATE INDEX "email_messages_status_idx" ON "email_messages" USING btree ("status","send_after");--> statement-breakpoint
CREATE UNIQUE INDEX "simulated_checkout_sessions_idempotency_key" ON "simulated_checkout_sessions" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_access_token_key" ON "bookings" USING btree ("access_token");--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_checkout_session_key" ON "bookings" USING btree ("checkout_session_id");--> statement-breakpoint
CREATE INDEX "bookings_payment_intent_idx" ON "bookings" USING btree ("payment_intent_id");--> statement-breakpoint
CREATE INDEX "bookings_live_holds_idx" ON "bookings" USING btree ("hold_expires_at") WHERE "bookings"."holds_seats" and "bookings"."status" = 'pending_payment';--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_pain_location_check" CHECK ("bookings"."pain_location" in ('front', 'outer', 'tendon', 'unsure'));--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_unit_price_check" CHECK ("bookings"."unit_price_minor" >= 0);--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_holds_seats_status_check" CHECK (not "bookings"."holds_seats" or "bookings"."status" in ('pending_payment', 'confirmed', 'partially_refunded'));