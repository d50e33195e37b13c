CREATE TABLE "catalog_version" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "catalog_version_one_row" CHECK ("catalog_version"."id" = 1)
);
--> statement-breakpoint
INSERT INTO "catalog_version" ("id", "version") VALUES (1, 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Anything a cached page shows (the public catalog; the staff week: bookings, refunds, emails,
-- staff accounts too) moves the version once per transaction, at its commit: a
-- deferred trigger takes the version row's lock last, after every other lock the transaction
-- needed, so two transactions changing dates in opposite orders can't deadlock on it.
CREATE FUNCTION "bump_catalog_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('pfm.catalog_bumped_by', true) IS DISTINCT FROM txid_current()::text THEN
    UPDATE "catalog_version" SET "version" = "version" + 1 WHERE "id" = 1;
    PERFORM set_config('pfm.catalog_bumped_by', txid_current()::text, true);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "offerings_bump_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "offerings" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE TRIGGER "offerings_truncate_bumps_catalog_version" AFTER TRUNCATE ON "offerings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "slots_bump_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "slots" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE TRIGGER "slots_truncate_bumps_catalog_version" AFTER TRUNCATE ON "slots" FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "instructors_bump_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "instructors" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE TRIGGER "instructors_truncate_bumps_catalog_version" AFTER TRUNCATE ON "instructors" FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "offering_slug_redirects_bump_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "offering_slug_redirects" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE TRIGGER "offering_slug_redirects_truncate_bumps_catalog_version" AFTER TRUNCATE ON "offering_slug_redirects" FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "images_bump_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "images" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE TRIGGER "images_truncate_bumps_catalog_version" AFTER TRUNCATE ON "images" FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "image_renditions_bump_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "image_renditions" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE TRIGGER "image_renditions_truncate_bumps_catalog_version" AFTER TRUNCATE ON "image_renditions" FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "site_photos_bump_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "site_photos" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE TRIGGER "site_photos_truncate_bumps_catalog_version" AFTER TRUNCATE ON "site_photos" FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "bookings_bump_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "bookings" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE TRIGGER "bookings_truncate_bumps_catalog_version" AFTER TRUNCATE ON "bookings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "refunds_bump_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "refunds" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE TRIGGER "refunds_truncate_bumps_catalog_version" AFTER TRUNCATE ON "refunds" FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "email_messages_bump_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "email_messages" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE TRIGGER "email_messages_truncate_bumps_catalog_version" AFTER TRUNCATE ON "email_messages" FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "staff_users_bump_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "staff_users" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_catalog_version"();
--> statement-breakpoint
CREATE TRIGGER "staff_users_truncate_bumps_catalog_version" AFTER TRUNCATE ON "staff_users" FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalog_version"();
