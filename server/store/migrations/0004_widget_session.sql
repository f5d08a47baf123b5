CREATE TABLE "chat_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"session_id" text NOT NULL,
	"ticket_id" text NOT NULL,
	"author" text NOT NULL,
	"author_user_id" text,
	"author_name" text,
	"body" text NOT NULL,
	"authenticated" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "identity" text;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "token_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "provenance" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "provenance" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_session_id_chat_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."chat_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_messages_session_seq_idx" ON "chat_messages" USING btree ("session_id","seq");--> statement-breakpoint
CREATE INDEX "chat_messages_ticket_seq_idx" ON "chat_messages" USING btree ("ticket_id","seq");--> statement-breakpoint
CREATE INDEX "chat_sessions_open_identity_idx" ON "chat_sessions" USING btree ("account_id","identity") WHERE ended_at is null and identity is not null;--> statement-breakpoint
UPDATE "chat_sessions" AS s SET "identity" = CASE WHEN c."unique_external_id" IS NOT NULL THEN 'external:' || c."unique_external_id" ELSE 'email:' || c."email" END
  FROM "contacts" AS c WHERE c."id" = s."contact_id" AND s."authenticated" AND c."verified";--> statement-breakpoint
INSERT INTO "chat_messages" ("id", "session_id", "ticket_id", "author", "body", "authenticated", "created_at")
  SELECT 'first-' || s."id", s."id", s."ticket_id", 'visitor', t."description", s."authenticated", s."created_at"
  FROM "chat_sessions" AS s JOIN "tickets" AS t ON t."id" = s."ticket_id" WHERE t."description" <> '';
