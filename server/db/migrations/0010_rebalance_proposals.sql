CREATE TABLE "rebalance_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kafka_cluster_id" text NOT NULL,
	"kind" text NOT NULL,
	"state" text DEFAULT 'proposed' NOT NULL,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"request" jsonb NOT NULL,
	"moves" jsonb NOT NULL,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL,
	"fingerprint" text NOT NULL,
	"throttle_bytes_per_second" bigint,
	"throttled" jsonb,
	"error" text,
	"created_by" text NOT NULL,
	"approved_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rebalance_proposals_kind_check" CHECK ("kind" in ('rebalance', 'replication-factor')),
	CONSTRAINT "rebalance_proposals_state_check" CHECK ("state" in ('proposed', 'executing', 'done', 'cancelled', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "rebalance_proposals" ADD CONSTRAINT "rebalance_proposals_kafka_cluster_id_kafka_clusters_id_fk" FOREIGN KEY ("kafka_cluster_id") REFERENCES "public"."kafka_clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rebalance_proposals_cluster_idx" ON "rebalance_proposals" USING btree ("kafka_cluster_id","created_at");--> statement-breakpoint
CREATE INDEX "rebalance_proposals_state_idx" ON "rebalance_proposals" USING btree ("state");