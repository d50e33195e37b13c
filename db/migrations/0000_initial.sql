CREATE TABLE "bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"slot_id" uuid NOT NULL,
	"seats" integer NOT NULL,
	"customer_name" text NOT NULL,
	"customer_email" text NOT NULL,
	"customer_phone" text,
	"status" text NOT NULL,
	"amount_total_minor" integer NOT NULL,
	"amount_refunded_minor" integer DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookings_status_check" CHECK ("bookings"."status" in ('pending_payment', 'confirmed', 'expired', 'refunded', 'partially_refunded', 'cancelled')),
	CONSTRAINT "bookings_seats_check" CHECK ("bookings"."seats" >= 1),
	CONSTRAINT "bookings_amount_check" CHECK ("bookings"."amount_total_minor" >= 0),
	CONSTRAINT "bookings_refund_check" CHECK ("bookings"."amount_refunded_minor" >= 0 and "bookings"."amount_refunded_minor" <= "bookings"."amount_total_minor"),
	CONSTRAINT "bookings_currency_check" CHECK ("bookings"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "offerings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"description" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"price_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"default_capacity" integer NOT NULL,
	"location" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offerings_kind_check" CHECK ("offerings"."kind" in ('workshop', 'private')),
	CONSTRAINT "offerings_slug_format_check" CHECK ("offerings"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "offerings_duration_check" CHECK ("offerings"."duration_minutes" > 0),
	CONSTRAINT "offerings_price_check" CHECK ("offerings"."price_minor" >= 0),
	CONSTRAINT "offerings_currency_check" CHECK ("offerings"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "offerings_capacity_check" CHECK ("offerings"."default_capacity" > 0),
	CONSTRAINT "offerings_private_is_one_to_one_check" CHECK ("offerings"."kind" <> 'private' or "offerings"."default_capacity" = 1)
);
--> statement-breakpoint
CREATE TABLE "slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offering_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"seats_taken" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"instructor" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slots_status_check" CHECK ("slots"."status" in ('scheduled', 'cancelled')),
	CONSTRAINT "slots_capacity_check" CHECK ("slots"."capacity" > 0),
	CONSTRAINT "slots_time_order_check" CHECK ("slots"."ends_at" > "slots"."starts_at"),
	CONSTRAINT "slots_seats_taken_check" CHECK ("slots"."seats_taken" >= 0 and "slots"."seats_taken" <= "slots"."capacity")
);
--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_slot_id_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."slots"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slots" ADD CONSTRAINT "slots_offering_id_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."offerings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_reference_key" ON "bookings" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "bookings_slot_status_idx" ON "bookings" USING btree ("slot_id","status");--> statement-breakpoint
CREATE INDEX "bookings_customer_email_idx" ON "bookings" USING btree ("customer_email");--> statement-breakpoint
CREATE UNIQUE INDEX "offerings_slug_key" ON "offerings" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "offerings_kind_active_idx" ON "offerings" USING btree ("kind","active");--> statement-breakpoint
CREATE UNIQUE INDEX "slots_offering_starts_at_key" ON "slots" USING btree ("offering_id","starts_at");--> statement-breakpoint
CREATE INDEX "slots_status_starts_at_idx" ON "slots" USING btree ("status","starts_at");