CREATE TABLE "staff_invitations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_user_id" uuid,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_invitations_role_check" CHECK ("staff_invitations"."role" in ('owner', 'staff')),
	CONSTRAINT "staff_invitations_email_check" CHECK ("staff_invitations"."email" like '%_@_%'),
	CONSTRAINT "staff_invitations_expiry_check" CHECK ("staff_invitations"."expires_at" > "staff_invitations"."created_at"),
	CONSTRAINT "staff_invitations_settled_once_check" CHECK ("staff_invitations"."accepted_at" is null or "staff_invitations"."revoked_at" is null),
	CONSTRAINT "staff_invitations_accepted_user_check" CHECK ("staff_invitations"."accepted_user_id" is null or "staff_invitations"."accepted_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "email_messages" DROP CONSTRAINT "email_messages_kind_check";--> statement-breakpoint
ALTER TABLE "email_messages" ALTER COLUMN "booking_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "email_messages" ADD COLUMN "staff_invitation_id" uuid;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_invited_by_staff_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_accepted_user_id_staff_users_id_fk" FOREIGN KEY ("accepted_user_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_invitations_token_hash_key" ON "staff_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_invitations_pending_email_key" ON "staff_invitations" USING btree (lower("email")) WHERE "staff_invitations"."accepted_at" is null and "staff_invitations"."revoked_at" is null;--> statement-breakpoint
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_staff_invitation_id_staff_invitations_id_fk" FOREIGN KEY ("staff_invitation_id") REFERENCES "public"."staff_invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "email_messages_staff_invitation_kind_key" ON "email_messages" USING btree ("staff_invitation_id","kind");--> statement-breakpoint
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_subject_check" CHECK (("email_messages"."booking_id" is not null and "email_messages"."staff_invitation_id" is null and "email_messages"."kind" in ('booking_confirmed', 'staff_new_booking', 'reminder', 'booking_refunded', 'booking_cancelled', 'late_payment_refunded', 'finish_payment', 'staff_payment_problem', 'staff_refund_problem', 'booking_moved', 'date_cancelled'))
        or ("email_messages"."staff_invitation_id" is not null and "email_messages"."booking_id" is null and "email_messages"."kind" in ('staff_invitation')));--> statement-breakpoint
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_kind_check" CHECK ("email_messages"."kind" in ('booking_confirmed', 'staff_new_booking', 'reminder', 'booking_refunded', 'booking_cancelled', 'late_payment_refunded', 'finish_payment', 'staff_payment_problem', 'staff_refund_problem', 'booking_moved', 'date_cancelled', 'staff_invitation'));