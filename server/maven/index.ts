export { MavenClient, MAVEN_CENTRAL, type DownloadOptions, type DownloadResult, type MavenClientOptions } from './client';
export { artifactFileName, artifactPath, formatCoordinates, metadataPath, parseCoordinates, MavenCoordinatesError, type MavenCoordinates } from './coordinates';
export { MavenRepositoryError, type MavenErrorCode } from './errors';
