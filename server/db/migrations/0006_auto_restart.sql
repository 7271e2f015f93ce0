CREATE TABLE "auto_restart_policies" (
	"connect_cluster_id" text NOT NULL,
	"connector_name" text NOT NULL,
	"enabled" boolean NOT NULL,
	"max_restarts" integer NOT NULL,
	"backoff_unit_seconds" integer NOT NULL,
	"backoff_schedule_seconds" jsonb,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auto_restart_policies_connect_cluster_id_connector_name_pk" PRIMARY KEY("connect_cluster_id","connector_name")
);
--> statement-breakpoint
CREATE TABLE "auto_restart_states" (
	"connect_cluster_id" text NOT NULL,
	"connector_name" text NOT NULL,
	"restarts" integer DEFAULT 0 NOT NULL,
	"last_restart_at" timestamp with time zone,
	"next_try_at" timestamp with time zone,
	"gave_up_at" timestamp with time zone,
	"running_since" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auto_restart_states_connect_cluster_id_connector_name_pk" PRIMARY KEY("connect_cluster_id","connector_name")
);
--> statement-breakpoint
ALTER TABLE "auto_restart_policies" ADD CONSTRAINT "auto_restart_policies_connect_cluster_id_connect_clusters_id_fk" FOREIGN KEY ("connect_cluster_id") REFERENCES "public"."connect_clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auto_restart_states" ADD CONSTRAINT "auto_restart_states_connect_cluster_id_connect_clusters_id_fk" FOREIGN KEY ("connect_cluster_id") REFERENCES "public"."connect_clusters"("id") ON DELETE cascade ON UPDATE no action;