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
  delete: ['-', 'red'],
  noop: [' ', 'dim'],
};

export function renderPlan(plan: Plan, paint: Paint, options: { showNoop?: boolean } = {}): string {
  const lines = [paint('bold', `Connect cluster "${plan.connect}"${plan.prefix ? ` (connectors named ${plan.prefix}*)` : ''}`)];
  for (const change of plan.changes) {
    if (change.action === 'noop' && !options.showNoop) continue;
    const [mark, style] = MARK[change.action];
    const state = !change.state ? '' : change.state.from ? `  ${change.state.from} → ${change.state.to}` : `  (starts ${change.state.to})`;
    lines.push(paint(style, `  ${mark} ${change.action.padEnd(6)} ${change.name}${state}`));
    for (const field of change.fields) lines.push(`      ${renderField(field, paint)}`);
    for (const error of change.errors ?? []) lines.push(paint('red', `      ! ${error.name}: ${error.errors.join('; ')}`));
  }
  lines.push(summaryLine(plan));
  return lines.join('\n');
}

function renderField(field: FieldChange, paint: Paint): string {
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
  const { create, update, state, delete: deleted, noop, invalid } = plan.summary;
  if (create + update + state + deleted === 0) return `  No changes. ${noop} connector${noop === 1 ? '' : 's'} already as described.`;
  const parts = [`${create} to create`, `${update} to update`, `${state} state change${state === 1 ? '' : 's'}`, `${deleted} to delete`, `${noop} unchanged`];
  return `  Plan: ${parts.join(', ')}.${invalid ? ` ${invalid} invalid: fix them before applying.` : ''}`;
}

/** A unified-diff-like view: live on the `-` side, the files on the `+` side. */
export function renderDiff(plan: Plan, paint: Paint): string {
  const blocks: string[] = [];
  for (const change of plan.changes) {
    if (change.action === 'noop') continue;
    const lines = [paint('bold', `--- live  ${plan.connect}/${change.name}`), paint('bold', `+++ files ${plan.connect}/${change.name}`)];
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
    blocks.push(lines.join('\n'));
  }
  return blocks.length > 0 ? blocks.join('\n\n') : `No differences on Connect cluster "${plan.connect}".`;
}
