CREATE TABLE "group_history" (
	"cluster_id" text NOT NULL,
	"group_id" text NOT NULL,
	"resolution" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"lag" double precision[] NOT NULL,
	"consumed_rate" real[] NOT NULL,
	"consumed_peak" real[] NOT NULL,
	"produce_rate" real[] NOT NULL,
	"produce_peak" real[] NOT NULL,
	CONSTRAINT "group_history_cluster_id_group_id_resolution_bucket_pk" PRIMARY KEY("cluster_id","group_id","resolution","bucket"),
	CONSTRAINT "group_history_resolution_check" CHECK ("resolution" in (60, 3600))
);
--> statement-breakpoint
CREATE INDEX "group_history_resolution_bucket_idx" ON "group_history" USING btree ("resolution","bucket");--> statement-breakpoint
-- Per-group history now lives packed in group_history; the row-per-point minutes and ten minutes of groups are no longer read.
DELETE FROM "metric_history" WHERE "series" = 'group' AND "resolution" <> 10;
