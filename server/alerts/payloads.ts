/**
 * What each kind of channel receives, pure: a Notification (the webhook body's shape, see schema.ts) becomes
 * one HTTP request. Secrets come in decrypted and leave only in the request.
 */
import type { AlertChannelKind } from '../db/tables';
import type { Notification } from './schema';
import { DEDUPE_HEADER, SIGNATURE_HEADER, sign, TIMESTAMP_HEADER } from './signature';

export interface ChannelConfig {
  kind: AlertChannelKind;
  /** Non-secret: Jira base URL, project, issue type, labels, email. */
  settings: Record<string, unknown>;
  /** Decrypted: url (Slack, webhook), apiToken (Jira Cloud), token (Jira Server), secret (webhook). */
  secret: Record<string, string>;
}

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** What the answer carries for later: a Jira issue key, read from the JSON answer's `key`. */
  readsReference?: boolean;
}

const STATE_TEXT: Record<Notification['state'], string> = { firing: 'FIRING', resolved: 'RESOLVED', reminder: 'STILL FIRING', test: 'TEST', event: 'EVENT' };
const JSON_TYPE = { 'content-type': 'application/json' };

export function title(n: Notification): string {
  return `[${STATE_TEXT[n.state]}] ${n.rule.name}: ${n.resource}`;
}

/** Slack incoming webhook: blocks (header, fields, link) and `text`, which Slack shows in notifications and old clients. */
export function slackBody(n: Notification): Record<string, unknown> {
  const fields = [
    ['Cluster', n.cluster ?? '—'],
    ['Resource', n.resource],
    ['State', `${STATE_TEXT[n.state]} (${n.severity})`],
    ['Since', n.since],
  ].map(([label, value]) => ({ type: 'mrkdwn', text: `*${label}*\n${escapeSlack(value!)}` }));
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: title(n).slice(0, 150), emoji: false } },
    { type: 'section', text: { type: 'mrkdwn', text: escapeSlack(n.summary).slice(0, 3000) }, fields },
  ];
  if (n.url) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `<${n.url}|Open in Connectory>` } });
  return { text: `${title(n)} — ${n.summary}`.slice(0, 3000), blocks };
}

function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function lines(n: Notification): string[] {
  return [n.summary, '', `Cluster: ${n.cluster ?? '—'}`, `Resource: ${n.resource}`, `Severity: ${n.severity}`, `Since: ${n.since}`, ...(n.url ? [`Console: ${n.url}`] : []), `Alert: ${n.alertKey}`];
}

/** Atlassian Document Format: one paragraph per line, the console link as a link mark. */
export function adf(n: Notification): Record<string, unknown> {
  const paragraph = (text: string, href?: string) => ({
    type: 'paragraph',
    content: text === '' ? [] : [{ type: 'text', text, ...(href ? { marks: [{ type: 'link', attrs: { href } }] } : {}) }],
  });
  const content = lines(n).map((line) => (n.url && line === `Console: ${n.url}` ? paragraph(line, n.url) : paragraph(line)));
  return { type: 'doc', version: 1, content };
}

export function jiraIssueBody(kind: 'jira-cloud' | 'jira-server', settings: Record<string, unknown>, n: Notification): Record<string, unknown> {
  return {
    fields: {
      project: { key: settings.project },
      issuetype: { name: settings.issueType ?? 'Task' },
      summary: title(n).slice(0, 250),
      description: kind === 'jira-cloud' ? adf(n) : lines(n).join('\n'),
      labels: settings.labels ?? [],
    },
  };
}

export function jiraCommentBody(kind: 'jira-cloud' | 'jira-server', n: Notification): Record<string, unknown> {
  return kind === 'jira-cloud' ? { body: adf(n) } : { body: lines(n).join('\n') };
}

function jiraAuth(channel: ChannelConfig): Record<string, string> {
  if (channel.kind === 'jira-cloud') {
    return { authorization: `Basic ${Buffer.from(`${String(channel.settings.email)}:${channel.secret.apiToken}`).toString('base64')}` };
  }
  return { authorization: `Bearer ${channel.secret.token}` };
}

/**
 * The request for one notification. For Jira a resolve or reminder is a comment on the issue the firing opened
 * (`issueKey`); without one (the firing's issue is unknown) it opens an issue.
 */
export function buildRequest(channel: ChannelConfig, n: Notification, nowSeconds: number, issueKey?: string): OutgoingRequest {
  switch (channel.kind) {
    case 'slack':
      return { url: channel.secret.url!, headers: JSON_TYPE, body: JSON.stringify(slackBody(n)) };
    case 'webhook': {
      const body = JSON.stringify(n);
      const timestamp = String(nowSeconds);
      return {
        url: channel.secret.url!,
        headers: { ...JSON_TYPE, [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: sign(channel.secret.secret!, timestamp, body), [DEDUPE_HEADER]: n.dedupeKey },
        body,
      };
    }
    case 'jira-cloud':
    case 'jira-server': {
      const base = String(channel.settings.url).replace(/\/+$/, '');
      const api = channel.kind === 'jira-cloud' ? '/rest/api/3' : '/rest/api/2';
      const headers = { ...JSON_TYPE, accept: 'application/json', ...jiraAuth(channel) };
      if (issueKey && n.state !== 'firing' && n.state !== 'test') {
        return { url: `${base}${api}/issue/${encodeURIComponent(issueKey)}/comment`, headers, body: JSON.stringify(jiraCommentBody(channel.kind, n)) };
      }
      const path = channel.kind === 'jira-cloud' ? `${api}/issue` : `${api}/issue/`;
      return { url: `${base}${path}`, headers, body: JSON.stringify(jiraIssueBody(channel.kind, channel.settings, n)), readsReference: true };
    }
  }
}
