CREATE TABLE "topic_history" (
	"cluster_id" text NOT NULL,
	"topic" text NOT NULL,
	"resolution" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"messages_in" real[] NOT NULL,
	"messages_in_peak" real[] NOT NULL,
	"bytes_in" real[] NOT NULL,
	"size_bytes" double precision[] NOT NULL,
	CONSTRAINT "topic_history_cluster_id_topic_resolution_bucket_pk" PRIMARY KEY("cluster_id","topic","resolution","bucket"),
	CONSTRAINT "topic_history_resolution_check" CHECK ("resolution" in (60, 3600))
);
--> statement-breakpoint
ALTER TABLE "metric_history" ADD COLUMN "bytes_in_rate" double precision;--> statement-breakpoint
ALTER TABLE "metric_history" ADD COLUMN "bytes_out_rate" double precision;--> statement-breakpoint
CREATE INDEX "topic_history_resolution_bucket_idx" ON "topic_history" USING btree ("resolution","bucket");