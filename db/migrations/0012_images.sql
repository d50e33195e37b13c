CREATE TABLE "image_renditions" (
	"image_id" uuid NOT NULL,
	"format" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "image_renditions_pkey" PRIMARY KEY("image_id","format","width"),
	CONSTRAINT "image_renditions_format_check" CHECK ("image_renditions"."format" in ('webp', 'jpeg')),
	CONSTRAINT "image_renditions_size_check" CHECK ("image_renditions"."width" > 0 and "image_renditions"."height" > 0)
);
--> statement-breakpoint
CREATE TABLE "images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"source_format" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "images_key_format_check" CHECK ("images"."key" ~ '^[0-9a-f]{16}$'),
	CONSTRAINT "images_size_check" CHECK ("images"."width" > 0 and "images"."height" > 0)
);
--> statement-breakpoint
CREATE TABLE "site_photos" (
	"place" text PRIMARY KEY NOT NULL,
	"image_id" uuid NOT NULL,
	"alt" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "site_photos_place_check" CHECK ("site_photos"."place" in ('home_hero')),
	CONSTRAINT "site_photos_alt_check" CHECK (length(trim("site_photos"."alt")) > 0)
);
--> statement-breakpoint
ALTER TABLE "instructors" ADD COLUMN "photo_image_id" uuid;--> statement-breakpoint
ALTER TABLE "instructors" ADD COLUMN "photo_alt" text;--> statement-breakpoint
ALTER TABLE "offerings" ADD COLUMN "photo_image_id" uuid;--> statement-breakpoint
ALTER TABLE "offerings" ADD COLUMN "photo_alt" text;--> statement-breakpoint
ALTER TABLE "image_renditions" ADD CONSTRAINT "image_renditions_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_photos" ADD CONSTRAINT "site_photos_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "images_key_key" ON "images" USING btree ("key");--> statement-breakpoint
ALTER TABLE "instructors" ADD CONSTRAINT "instructors_photo_image_id_images_id_fk" FOREIGN KEY ("photo_image_id") REFERENCES "public"."images"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offerings" ADD CONSTRAINT "offerings_photo_image_id_images_id_fk" FOREIGN KEY ("photo_image_id") REFERENCES "public"."images"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instructors" ADD CONSTRAINT "instructors_photo_alt_check" CHECK ("instructors"."photo_image_id" is null or length(trim(coalesce("instructors"."photo_alt", ''))) > 0);--> statement-breakpoint
ALTER TABLE "offerings" ADD CONSTRAINT "offerings_photo_alt_check" CHECK ("offerings"."photo_image_id" is null or length(trim(coalesce("offerings"."photo_alt", ''))) > 0);