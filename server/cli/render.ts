/** Human output of plans and diffs: what changes, field by field, secrets only as changed or unchanged. */
import { styleText } from 'node:util';
import type { FieldChange, Plan, PlannedChange } from '../gitops/plan';

export type Paint = (style: 'green' | 'red' | 'yellow' | 'cyan' | 'bold' | 'dim', text: string) => string;

export function painter(colour: boolean): Paint {
  return colour ? (style, text) => styleText(style, text) : (_style, text) => text;
}

const MARK: Record<PlannedChange['action'], [string, Parameters<Paint>[0]]> = {
  create: ['+', 'green'],
  update: ['~', 'yellow'],
  state: ['>', 'cyan'],
  restart: ['↻', 'cyan'],
  delete: ['-', 'red'],
  noop: [' ', 'dim'],
};

export const hasChanges = (plan: Plan) =>
  plan.summary.create + plan.summary.update + plan.summary.state + plan.summary.restart + plan.summary.delete > 0 ||
  plan.topicSummary.create + plan.topicSummary.update + plan.topicSummary.delete > 0 ||
  plan.pluginSummary.install > 0;

export const invalidCount = (plans: Plan[]) => plans.reduce((sum, plan) => sum + plan.summary.invalid + plan.topicSummary.invalid, 0);

function heading(plan: Plan): string {
  const scope = plan.prefix ? ` (names starting ${plan.prefix})` : '';
  return [plan.connect ? `Connect cluster "${plan.connect}"` : null, plan.kafka ? `Kafka cluster "${plan.kafka}"` : null].filter(Boolean).join(', ') + scope;
}

export function renderPlan(plan: Plan, paint: Paint, options: { showNoop?: boolean } = {}): string {
  const lines = [paint('bold', heading(plan))];
  for (const plugin of plan.plugins) {
    if (plugin.action === 'noop' && !options.showNoop) continue;
    const what = `${plugin.name}${plugin.version ? ` ${plugin.version}` : ''}${plugin.sha256 ? ` (${plugin.sha256.slice(0, 12)})` : ''}`;
    const on = Object.entries(plugin.workers).map(([worker, sha]) => `${worker}: ${sha ? sha.slice(0, 12) : 'none'}`);
    lines.push(plugin.action === 'noop' ? paint('dim', `    plugin ${what}`) : paint('green', `  + install plugin ${what}  (workers now: ${on.join(', ')})`));
  }
  for (const topic of plan.topics) {
    if (topic.action === 'noop' && !options.showNoop) continue;
    const [mark, style] = MARK[topic.action];
    lines.push(paint(style, `  ${mark} ${topic.action.padEnd(6)} topic ${topic.name}`));
    for (const field of topic.fields) lines.push(`      ${renderField(field, paint)}`);
    for (const error of topic.errors ?? []) lines.push(paint('red', `      ! ${error.name}: ${error.errors.join('; ')}`));
  }
  for (const change of plan.changes) {
    if (change.action === 'noop' && !options.showNoop) continue;
    const [mark, style] = MARK[change.action];
    const state = !change.state ? '' : change.state.from ? `  ${change.state.from} → ${change.state.to}` : `  (starts ${change.state.to})`;
    const failed = change.failed?.length ? `  (failed: ${change.failed.join(', ')})` : '';
    const after = change.afterPlugin ? `  (validated after plugin ${change.afterPlugin} is installed)` : '';
    lines.push(paint(style, `  ${mark} ${change.action.padEnd(6)} ${change.name}${state}${failed}${after}`));
    for (const field of change.fields) lines.push(`      ${renderField(field, paint)}`);
    if (change.autoRestart?.change === 'removed') lines.push(paint('red', "      - autoRestart (follows the cluster's default again)"));
    else for (const field of change.autoRestart?.fields ?? []) lines.push(`      ${renderField({ ...field, key: `autoRestart.${field.key}` }, paint)}`);
    for (const error of change.errors ?? []) lines.push(paint('red', `      ! ${error.name}: ${error.errors.join('; ')}`));
  }
  lines.push(summaryLine(plan));
  return lines.join('\n');
}

function renderField(field: Pick<FieldChange, 'key' | 'change' | 'before' | 'after' | 'secret'>, paint: Paint): string {
  if (field.secret) {
    if (field.change === 'added') return paint('green', `+ ${field.key}: (secret)`);
    if (field.change === 'removed') return paint('red', `- ${field.key}: (secret)`);
    return paint('yellow', `~ ${field.key}: (secret changed)`);
  }
  if (field.change === 'added') return paint('green', `+ ${field.key}: ${field.after}`);
  if (field.change === 'removed') return paint('red', `- ${field.key}: ${field.before}`);
  return paint('yellow', `~ ${field.key}: ${field.before} → ${field.after}`);
}

export function summaryLine(plan: Plan): string {
  const { create, update, state, restart, delete: deleted, noop, invalid } = plan.summary;
  const topics = plan.topicSummary;
  const installs = plan.pluginSummary.install;
  const invalidAll = invalid + topics.invalid;
  if (!hasChanges(plan)) {
    const kept = [plan.connect ? `${noop} connector${noop === 1 ? '' : 's'}` : null, plan.kafka ? `${topics.noop} topic${topics.noop === 1 ? '' : 's'}` : null, plan.plugins.length ? `${plan.pluginSummary.noop} plugin(s)` : null];
    return `  No changes. ${kept.filter(Boolean).join(', ')} already as described.${invalidAll ? ` ${invalidAll} invalid: fix them.` : ''}`;
  }
  const parts = [
    ...(installs ? [`${installs} plugin install${installs === 1 ? '' : 's'}`] : []),
    ...(plan.kafka ? [`topics: ${topics.create} to create, ${topics.update} to update, ${topics.delete} to delete, ${topics.noop} unchanged`] : []),
    ...(plan.connect
      ? [`connectors: ${create} to create, ${update} to update, ${state} state change${state === 1 ? '' : 's'}${restart ? `, ${restart} to restart` : ''}, ${deleted} to delete, ${noop} unchanged`]
      : []),
  ];
  return `  Plan: ${parts.join('; ')}.${invalidAll ? ` ${invalidAll} invalid: fix them before applying.` : ''}`;
}

/** A unified-diff-like view: live on the `-` side, the files on the `+` side. */
export function renderDiff(plan: Plan, paint: Paint): string {
  const blocks: string[] = [];
  for (const change of plan.changes) {
    if (change.action === 'noop') continue;
    const lines = [paint('bold', `--- live  ${plan.connect}/${change.name}`), paint('bold', `+++ files ${plan.connect}/${change.name}`)];
    if (change.action === 'restart') lines.push(paint('red', `- FAILED: ${(change.failed ?? []).join(', ')}`), paint('green', '+ RUNNING (restart the failed instances)'));
    if (change.action === 'delete') lines.push(paint('red', '- (the whole connector: not in the files)'));
    if (change.state) {
      if (change.state.from) lines.push(paint('red', `- state: ${change.state.from}`));
      if (change.state.to) lines.push(paint('green', `+ state: ${change.state.to}`));
    }
    for (const field of change.fields) {
      if (field.secret) lines.push(paint('yellow', `~ config.${field.key}: (secret ${field.change})`));
      else {
        if (field.before !== undefined) lines.push(paint('red', `- config.${field.key}: ${field.before}`));
        if (field.after !== undefined) lines.push(paint('green', `+ config.${field.key}: ${field.after}`));
      }
    }
    for (const field of change.autoRestart?.fields ?? []) {
      if (field.before !== undefined) lines.push(paint('red', `- autoRestart.${field.key}: ${field.before}`));
      if (field.after !== undefined) lines.push(paint('green', `+ autoRestart.${field.key}: ${field.after}`));
    }
    blocks.push(lines.join('\n'));
  }
  for (const topic of plan.topics) {
    if (topic.action === 'noop') continue;
    const lines = [paint('bold', `--- live  topic ${plan.kafka}/${topic.name}`), paint('bold', `+++ files topic ${plan.kafka}/${topic.name}`)];
    if (topic.action === 'delete') lines.push(paint('red', '- (the whole topic and its data: not in the files)'));
    if (topic.action === 'create') lines.push(paint('green', '+ (a new topic)'));
    for (const field of topic.fields) {
      if (field.before !== undefined) lines.push(paint('red', `- ${field.key}: ${field.before}`));
      if (field.after !== undefined) lines.push(paint('green', `+ ${field.key}: ${field.after}`));
    }
    blocks.push(lines.join('\n'));
  }
  for (const plugin of plan.plugins.filter((change) => change.action === 'install')) {
    const on = Object.entries(plugin.workers).map(([worker, sha]) => `${worker}=${sha ? sha.slice(0, 12) : 'none'}`);
    blocks.push([paint('bold', `--- live  plugin ${plan.connect}/${plugin.name}`), paint('red', `- ${on.join(', ')}`), paint('green', `+ ${plugin.version ?? plugin.sha256} on every worker`)].join('\n'));
  }
  return blocks.length > 0 ? blocks.join('\n\n') : `No differences on ${heading(plan)}.`;
}
