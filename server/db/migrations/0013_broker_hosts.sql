CREATE TABLE "broker_hosts" (
	"kafka_cluster_id" text NOT NULL,
	"broker_id" integer NOT NULL,
	"capacity_bytes" bigint,
	"agent_url" text,
	"agent_token_enc" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "broker_hosts_kafka_cluster_id_broker_id_pk" PRIMARY KEY("kafka_cluster_id","broker_id")
);
--> statement-breakpoint
ALTER TABLE "broker_hosts" ADD CONSTRAINT "broker_hosts_kafka_cluster_id_kafka_clusters_id_fk" FOREIGN KEY ("kafka_cluster_id") REFERENCES "public"."kafka_clusters"("id") ON DELETE cascade ON UPDATE no action;