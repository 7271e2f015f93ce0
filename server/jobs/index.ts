export { acquireLease, clearLeases, listLeases, processHolderId, releaseLease, renewLease, type LeaseRow } from './lease';
export { JobRunner, type Job, type JobRunnerDeps } from './runner';
export { DEFAULT_JOB_SETTINGS, jobSettingsFromEnv, type JobSettings } from './settings';
export { every, type Every } from './every';
