CREATE TABLE "topic_templates" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kafka_cluster_id" text,
	"partitions" integer NOT NULL,
	"replication_factor" integer NOT NULL,
	"configs" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "connector_templates" ADD COLUMN "connect_cluster_id" text;--> statement-breakpoint
ALTER TABLE "topic_templates" ADD CONSTRAINT "topic_templates_kafka_cluster_id_kafka_clusters_id_fk" FOREIGN KEY ("kafka_cluster_id") REFERENCES "public"."kafka_clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "topic_templates_kafka_cluster_id_idx" ON "topic_templates" USING btree ("kafka_cluster_id");--> statement-breakpoint
ALTER TABLE "connector_templates" ADD CONSTRAINT "connector_templates_connect_cluster_id_connect_clusters_id_fk" FOREIGN KEY ("connect_cluster_id") REFERENCES "public"."connect_clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connector_templates_connect_cluster_id_idx" ON "connector_templates" USING btree ("connect_cluster_id");