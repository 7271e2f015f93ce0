export const subjectHref = (registryId: string, subject: string) => `/schemas/${encodeURIComponent(registryId)}/${encodeURIComponent(subject)}`;
