CREATE TABLE "migrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"source_kafka_id" text NOT NULL,
	"target_kafka_id" text NOT NULL,
	"connect_id" text NOT NULL,
	"topics" jsonb NOT NULL,
	"groups" jsonb NOT NULL,
	"options" jsonb NOT NULL,
	"state" text NOT NULL,
	"install_operation_id" uuid,
	"connectors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"result" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"caught_up_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "migrations_state_check" CHECK ("state" in ('installing', 'running', 'finished', 'aborted', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "migrations" ADD CONSTRAINT "migrations_source_kafka_id_kafka_clusters_id_fk" FOREIGN KEY ("source_kafka_id") REFERENCES "public"."kafka_clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "migrations" ADD CONSTRAINT "migrations_target_kafka_id_kafka_clusters_id_fk" FOREIGN KEY ("target_kafka_id") REFERENCES "public"."kafka_clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "migrations" ADD CONSTRAINT "migrations_connect_id_connect_clusters_id_fk" FOREIGN KEY ("connect_id") REFERENCES "public"."connect_clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "migrations_state_idx" ON "migrations" USING btree ("state");