CREATE TABLE "metric_history" (
	"cluster_id" text NOT NULL,
	"series" text NOT NULL,
	"subject" text NOT NULL,
	"resolution" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"lag" bigint,
	"consumed_rate" double precision,
	"consumed_peak" double precision,
	"produce_rate" double precision,
	"produce_peak" double precision,
	"disk_bytes" bigint,
	CONSTRAINT "metric_history_cluster_id_series_subject_resolution_at_pk" PRIMARY KEY("cluster_id","series","subject","resolution","at"),
	CONSTRAINT "metric_history_series_check" CHECK ("series" in ('group', 'cluster', 'broker')),
	CONSTRAINT "metric_history_resolution_check" CHECK ("resolution" in (10, 60, 600))
);
--> statement-breakpoint
CREATE INDEX "metric_history_resolution_at_idx" ON "metric_history" USING btree ("resolution","at");