CREATE TABLE "instructors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"email" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "instructors_name_check" CHECK (length(trim("instructors"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "offering_slug_redirects" (
	"slug" text PRIMARY KEY NOT NULL,
	"offering_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "slot_series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offering_id" uuid NOT NULL,
	"weekdays" jsonb NOT NULL,
	"start_time" text NOT NULL,
	"first_date" date NOT NULL,
	"last_date" date NOT NULL,
	"capacity" integer NOT NULL,
	"instructor_id" uuid,
	"skip_dates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slot_series_time_check" CHECK ("slot_series"."start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
	CONSTRAINT "slot_series_dates_check" CHECK ("slot_series"."last_date" >= "slot_series"."first_date"),
	CONSTRAINT "slot_series_capacity_check" CHECK ("slot_series"."capacity" > 0)
);
--> statement-breakpoint
DROP INDEX "slots_offering_starts_at_key";--> statement-breakpoint
ALTER TABLE "offerings" ADD COLUMN "what_to_bring" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "offerings" ADD COLUMN "default_instructor_id" uuid;--> statement-breakpoint
ALTER TABLE "slots" ADD COLUMN "instructor_id" uuid;--> statement-breakpoint
ALTER TABLE "slots" ADD COLUMN "series_id" uuid;--> statement-breakpoint
ALTER TABLE "slots" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "offering_slug_redirects" ADD CONSTRAINT "offering_slug_redirects_offering_id_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."offerings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_series" ADD CONSTRAINT "slot_series_offering_id_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."offerings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_series" ADD CONSTRAINT "slot_series_instructor_id_instructors_id_fk" FOREIGN KEY ("instructor_id") REFERENCES "public"."instructors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "instructors_name_key" ON "instructors" USING btree (lower("name"));--> statement-breakpoint
ALTER TABLE "offerings" ADD CONSTRAINT "offerings_default_instructor_id_instructors_id_fk" FOREIGN KEY ("default_instructor_id") REFERENCES "public"."instructors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slots" ADD CONSTRAINT "slots_instructor_id_instructors_id_fk" FOREIGN KEY ("instructor_id") REFERENCES "public"."instructors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slots" ADD CONSTRAINT "slots_series_id_slot_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."slot_series"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "slots_series_idx" ON "slots" USING btree ("series_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "slots_offering_starts_at_key" ON "slots" USING btree ("offering_id","starts_at") WHERE "slots"."status" = 'scheduled';--> statement-breakpoint
-- Data: the free-text instructor names become instructors, and dates point at them; each offering
-- gets its most frequent instructor as its default, and the shared "what to bring" list.
INSERT INTO "instructors" ("name")
SELECT DISTINCT trim("instructor") FROM "slots" WHERE "instructor" IS NOT NULL AND trim("instructor") <> ''
ON CONFLICT DO NOTHING;--> statement-breakpoint
UPDATE "slots" SET "instructor_id" = i."id" FROM "instructors" i
WHERE "slots"."instructor" IS NOT NULL AND lower(i."name") = lower(trim("slots"."instructor"));--> statement-breakpoint
UPDATE "offerings" o SET "default_instructor_id" = (
  SELECT s."instructor_id" FROM "slots" s WHERE s."offering_id" = o."id" AND s."instructor_id" IS NOT NULL
  GROUP BY s."instructor_id" ORDER BY count(*) DESC, s."instructor_id" LIMIT 1
);--> statement-breakpoint
UPDATE "offerings" SET "what_to_bring" = '["Comfortable clothes you can move freely in: think gym or running kit, nothing tight at the hips or knees.", "A bottle of water.", "The trainers or running shoes you usually run in. We look at how you move in them during the gait assessment, so bring the pair you actually use.", "Please arrive 10 minutes early, so we can say hello and start calmly and on time."]'::jsonb;--> statement-breakpoint
ALTER TABLE "slots" DROP COLUMN "instructor";--> statement-breakpoint
-- No instructor in two places at once: the database refuses overlapping scheduled dates for the
-- same instructor (btree_gist lets a GiST index compare the instructor with =).
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
ALTER TABLE "slots" ADD CONSTRAINT "slots_instructor_no_overlap" EXCLUDE USING gist (
  "instructor_id" WITH =,
  tstzrange("starts_at", "ends_at") WITH &&
) WHERE ("status" = 'scheduled' AND "instructor_id" IS NOT NULL);
