import { CA_ACTIONS } from './ca-actions';
import type { ActionDefinition } from './context';
import { CONTRACT_ACTIONS } from './contract-actions';
import { noticeAction } from './notices';
import { shredPersonalDataAction } from './personal-data';

export * from './context';
export * from './contract-actions';
export * from './ca-actions';
export * from './notices';
export * from './personal-data';

/** Every action a saga deadline can name, by kind. */
export function actionRegistry(extra: readonly ActionDefinition[] = []): ReadonlyMap<string, ActionDefinition> {
  const map = new Map<string, ActionDefinition>();
  for (const a of [...CONTRACT_ACTIONS, ...CA_ACTIONS, noticeAction, shredPersonalDataAction, ...extra]) {
    if (map.has(a.kind)) throw new Error(`action ${a.kind} is defined twice`);
    map.set(a.kind, a);
  }
  return map;
}
