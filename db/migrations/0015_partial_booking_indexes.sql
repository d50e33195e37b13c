DROP INDEX "bookings_legacy_token_hash_key";--> statement-breakpoint
DROP INDEX "bookings_live_holds_by_network_idx";--> statement-breakpoint
DROP INDEX "bookings_checkout_session_key";--> statement-breakpoint
DROP INDEX "bookings_payment_intent_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_legacy_token_hash_key" ON "bookings" USING btree ("legacy_token_hash") WHERE "bookings"."legacy_token_hash" is not null;--> statement-breakpoint
CREATE INDEX "bookings_live_holds_by_network_idx" ON "bookings" USING btree ("client_network") WHERE "bookings"."holds_seats" and "bookings"."status" = 'pending_payment' and "bookings"."client_network" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_checkout_session_key" ON "bookings" USING btree ("checkout_session_id") WHERE "bookings"."checkout_session_id" is not null;--> statement-breakpoint
CREATE INDEX "bookings_payment_intent_idx" ON "bookings" USING btree ("payment_intent_id") WHERE "bookings"."payment_intent_id" is not null;