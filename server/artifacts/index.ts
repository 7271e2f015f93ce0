export { fetchCatalogArtifact, type FetchCatalogResult, type FetchedFile } from './fetch-catalog';
export { deleteArtifactRecord, findCatalogArtifact, getArtifact, listArtifacts, recordArtifact, type ArtifactRecord, type StoredSource } from './records';
export { ArtifactError, createArtifactDeps, type ArtifactDeps, type StagingArtifactStore } from './service';
export { ArtifactStoreError, FileArtifactStore, type ArtifactStore, type StoredObject } from './store';
export { IdentityError, missingIdentity, nameUpload, storeUpload, type MissingIdentity, type UploadOptions, type UploadResult } from './upload';
