import { sql } from "drizzle-orm";
import { check, customType, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { inList } from "./shared";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  // postgres.js hands back a Buffer, PGlite a Uint8Array: one type for the app either way.
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const IMAGE_FORMATS = ["webp", "jpeg"] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/**
 * A photo staff uploaded (or a demo illustration), kept in PostgreSQL so every app instance
 * serves it. `key` is the start of a SHA-256 over the upload and the pipeline's version: its
 * URLs (/images/<key>-<width>.<ext>) never change meaning, so they are cached for a year.
 * Only the resized renditions are kept, never the bytes as uploaded (they carry EXIF and GPS).
 */
export const images = pgTable(
  "images",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull(),
    /** The picture's size once turned upright (EXIF orientation applied). */
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    /** The decoded format of the upload: jpeg, png, webp (svg for the demo illustrations). */
    sourceFormat: text("source_format").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("images_key_key").on(t.key),
    check("images_key_format_check", sql`${t.key} ~ '^[0-9a-f]{16}$'`),
    check("images_size_check", sql`${t.width} > 0 and ${t.height} > 0`),
  ],
);

/** One resized copy of an image: WebP and JPEG at each width up to the original's. */
export const imageRenditions = pgTable(
  "image_renditions",
  {
    imageId: uuid("image_id")
      .notNull()
      .references(() => images.id, { onDelete: "cascade" }),
    format: text("format").$type<ImageFormat>().notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: bytea("bytes").notNull(),
  },
  (t) => [
    primaryKey({ name: "image_renditions_pkey", columns: [t.imageId, t.format, t.width] }),
    check("image_renditions_format_check", sql`${t.format} in (${inList(IMAGE_FORMATS)})`),
    check("image_renditions_size_check", sql`${t.width} > 0 and ${t.height} > 0`),
  ],
);

export const SITE_PHOTO_PLACES = ["home_hero"] as const;
export type SitePhotoPlace = (typeof SITE_PHOTO_PLACES)[number];

/** Photos of the site itself rather than of an offering or an instructor: the home page's hero. */
export const sitePhotos = pgTable(
  "site_photos",
  {
    place: text("place").$type<SitePhotoPlace>().primaryKey(),
    imageId: uuid("image_id")
      .notNull()
      .references(() => images.id, { onDelete: "restrict" }),
    alt: text("alt").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("site_photos_place_check", sql`${t.place} in (${inList(SITE_PHOTO_PLACES)})`),
    check("site_photos_alt_check", sql`length(trim(${t.alt})) > 0`),
  ],
);

export type Image = typeof images.$inferSelect;
export type ImageRendition = typeof imageRenditions.$inferSelect;
