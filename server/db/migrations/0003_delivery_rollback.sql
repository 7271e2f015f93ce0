ALTER TABLE "install_steps" DROP CONSTRAINT "install_steps_step_check";--> statement-breakpoint
ALTER TABLE "install_operations" ADD COLUMN "previous" jsonb;--> statement-breakpoint
ALTER TABLE "install_operations" ADD COLUMN "affected_connectors" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "install_operations" ADD COLUMN "classes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "install_steps" ADD COLUMN "phase" text DEFAULT 'apply' NOT NULL;--> statement-breakpoint
ALTER TABLE "install_steps" ADD COLUMN "artifact_sha256" text;--> statement-breakpoint
ALTER TABLE "install_steps" ADD CONSTRAINT "install_steps_phase_check" CHECK ("phase" in ('apply', 'rollback'));--> statement-breakpoint
ALTER TABLE "install_steps" ADD CONSTRAINT "install_steps_step_check" CHECK ("step" in ('push', 'extract', 'restart', 'verify', 'remove'));