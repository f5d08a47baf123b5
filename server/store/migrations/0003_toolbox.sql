CREATE TABLE "chat_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"widget_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"code" text NOT NULL,
	"outcome" text NOT NULL,
	"message" text NOT NULL,
	"hint" text NOT NULL,
	"kid" text,
	"claims" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fields" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "fields" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "test" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "dropped_fields" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_failures" ADD CONSTRAINT "chat_failures_widget_id_widgets_id_fk" FOREIGN KEY ("widget_id") REFERENCES "public"."widgets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_failures_widget_idx" ON "chat_failures" USING btree ("widget_id","id");