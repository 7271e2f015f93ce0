CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"role" text NOT NULL,
	"scope_clusters" text[],
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "artifacts" (
	"sha256" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"version" text,
	"kind" text NOT NULL,
	"size" bigint NOT NULL,
	"inspection" jsonb NOT NULL,
	"source" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "artifacts_kind_check" CHECK ("kind" in ('zip', 'tar.gz', 'jar'))
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"actor_kind" text NOT NULL,
	"source_ip" text,
	"action" text NOT NULL,
	"cluster_id" text,
	"object_type" text,
	"object_id" text,
	"details" jsonb,
	"outcome" text NOT NULL,
	CONSTRAINT "audit_log_actor_kind_check" CHECK ("actor_kind" in ('user', 'token', 'system')),
	CONSTRAINT "audit_log_outcome_check" CHECK ("outcome" in ('success', 'failure', 'denied'))
);
--> statement-breakpoint
CREATE TABLE "connect_clusters" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kafka_cluster_id" text,
	"auth" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connect_workers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connect_cluster_id" text NOT NULL,
	"url" text NOT NULL,
	"agent_url" text,
	"agent_token_enc" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connect_workers_cluster_url_unique" UNIQUE("connect_cluster_id","url")
);
--> statement-breakpoint
CREATE TABLE "connector_config_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"connect_cluster_id" text NOT NULL,
	"connector_name" text NOT NULL,
	"version" integer NOT NULL,
	"config_enc" text NOT NULL,
	"config_hash" text NOT NULL,
	"source" text NOT NULL,
	"actor" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connector_config_versions_cluster_name_version_unique" UNIQUE("connect_cluster_id","connector_name","version"),
	CONSTRAINT "connector_config_versions_source_check" CHECK ("source" in ('connectory', 'external'))
);
--> statement-breakpoint
CREATE TABLE "install_operations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connect_cluster_id" text NOT NULL,
	"kind" text NOT NULL,
	"artifact_sha256" text,
	"plugin_name" text NOT NULL,
	"plugin_version" text,
	"state" text DEFAULT 'queued' NOT NULL,
	"requested_by" text NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "install_operations_kind_check" CHECK ("kind" in ('install', 'upgrade', 'uninstall')),
	CONSTRAINT "install_operations_state_check" CHECK ("state" in ('queued', 'running', 'succeeded', 'failed', 'rolled_back'))
);
--> statement-breakpoint
CREATE TABLE "install_steps" (
	"operation_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"worker_url" text NOT NULL,
	"step" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "install_steps_pk" PRIMARY KEY("operation_id","position"),
	CONSTRAINT "install_steps_step_check" CHECK ("step" in ('push', 'extract', 'restart', 'verify')),
	CONSTRAINT "install_steps_state_check" CHECK ("state" in ('pending', 'running', 'succeeded', 'failed', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "kafka_clusters" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"bootstrap_servers" text[] NOT NULL,
	"tls" jsonb,
	"sasl" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connect_clusters" ADD CONSTRAINT "connect_clusters_kafka_cluster_id_kafka_clusters_id_fk" FOREIGN KEY ("kafka_cluster_id") REFERENCES "public"."kafka_clusters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connect_workers" ADD CONSTRAINT "connect_workers_connect_cluster_id_connect_clusters_id_fk" FOREIGN KEY ("connect_cluster_id") REFERENCES "public"."connect_clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_config_versions" ADD CONSTRAINT "connector_config_versions_connect_cluster_id_connect_clusters_id_fk" FOREIGN KEY ("connect_cluster_id") REFERENCES "public"."connect_clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "install_operations" ADD CONSTRAINT "install_operations_connect_cluster_id_connect_clusters_id_fk" FOREIGN KEY ("connect_cluster_id") REFERENCES "public"."connect_clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "install_operations" ADD CONSTRAINT "install_operations_artifact_sha256_artifacts_sha256_fk" FOREIGN KEY ("artifact_sha256") REFERENCES "public"."artifacts"("sha256") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "install_steps" ADD CONSTRAINT "install_steps_operation_id_install_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."install_operations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_created_by_idx" ON "api_tokens" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "artifacts_name_idx" ON "artifacts" USING btree ("name");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_cluster_at_idx" ON "audit_log" USING btree ("cluster_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_at_idx" ON "audit_log" USING btree ("actor","at");--> statement-breakpoint
CREATE INDEX "audit_log_object_idx" ON "audit_log" USING btree ("object_type","object_id");--> statement-breakpoint
CREATE INDEX "connect_clusters_kafka_cluster_id_idx" ON "connect_clusters" USING btree ("kafka_cluster_id");--> statement-breakpoint
CREATE UNIQUE INDEX "install_operations_one_active_per_cluster" ON "install_operations" USING btree ("connect_cluster_id") WHERE "state" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "install_operations_cluster_created_idx" ON "install_operations" USING btree ("connect_cluster_id","created_at");--> statement-breakpoint
CREATE INDEX "install_operations_state_idx" ON "install_operations" USING btree ("state");--> statement-breakpoint
CREATE INDEX "sessions_user_id_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_at_idx" ON "sessions" USING btree ("expires_at");