CREATE TABLE "schema_registries" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"kafka_cluster_id" text,
	"auth" jsonb,
	"tls" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "schema_registries" ADD CONSTRAINT "schema_registries_kafka_cluster_id_kafka_clusters_id_fk" FOREIGN KEY ("kafka_cluster_id") REFERENCES "public"."kafka_clusters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "schema_registries_kafka_cluster_id_idx" ON "schema_registries" USING btree ("kafka_cluster_id");