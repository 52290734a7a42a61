/**
 * The actions an admin starts from, each editable, and the ones a connection has until an admin
 * changes its list: the probe as "is it reachable" for every kind, and for Mico its documented
 * "Outbound call by UID" — what the card offered before actions could be defined, so nothing an agent
 * used disappears.
 */
import type { Connection, ConnectionKind } from './connection';
import type { ConnectionAction, ShownField } from './connection-action';

/** Mico's outbound call, as its fields read (the stand-in and the documents name these). */
const CALL_FIELDS: ShownField[] = [
  { pointer: '/status', label: 'Status', labelJa: 'ステータス', format: 'status' },
  { pointer: '/outcome', label: 'Outcome', labelJa: '結果', format: 'status' },
  { pointer: '/direction', label: 'Direction', labelJa: '方向', format: 'status' },
  { pointer: '/to', label: 'To', labelJa: '発信先', format: 'text' },
  { pointer: '/from', label: 'From', labelJa: '発信元', format: 'text' },
  { pointer: '/campaign/name', label: 'Campaign', labelJa: 'キャンペーン', format: 'text' },
  { pointer: '/started_at', label: 'Started', labelJa: '開始', format: 'date-time' },
  { pointer: '/ended_at', label: 'Ended', labelJa: '終了', format: 'date-time' },
  { pointer: '/duration_seconds', label: 'Duration', labelJa: '通話時間', format: 'duration' },
  { pointer: '/summary', label: 'Summary', labelJa: '要約', format: 'text', useInReply: true },
  { pointer: '/uid', label: 'Call UID', labelJa: '通話UID', format: 'text' },
];

/** The probe: a GET of the connection's probe path, showing only whether it answered. */
export function reachablePreset(probePath: string): ConnectionAction {
  return {
    id: 'probe',
    label: 'Is it reachable?',
    labelJa: '接続できるか確認',
    audience: 'agents',
    method: 'GET',
    path: probePath,
    runs: 'on-click',
    cacheSeconds: 0,
    show: { kind: 'reachable' },
  };
}

/** Mico's documented look-up: `GET /v1/outbound_calls/{uid}`, the UID typed by the agent. */
export function callByUidPreset(callPath = '/v1/outbound_calls/{uid}'): ConnectionAction {
  return {
    id: 'call-by-uid',
    label: 'Outbound call by UID',
    labelJa: 'UIDで発信通話を検索',
    audience: 'agents',
    method: 'GET',
    path: callPath.replaceAll('{uid}', '{input}'),
    input: { label: 'Call UID', labelJa: '通話UID', pattern: '[\\w.:-]{1,128}' },
    runs: 'on-click',
    cacheSeconds: 0,
    show: { kind: 'fields', fields: CALL_FIELDS },
  };
}

/** A list of the customer's records by number: for Mico, its calls to that number (the path is the stand-in's; aim it at the real API's). */
export function byCustomerNumberPreset(): ConnectionAction {
  return {
    id: 'calls-with-customer',
    label: 'Calls with this customer',
    labelJa: 'この顧客との通話',
    audience: 'agents',
    method: 'GET',
    path: '/v1/outbound_calls?to={customerNumber}',
    runs: 'on-open',
    cacheSeconds: 300,
    show: {
      kind: 'list',
      pointer: '/data',
      columns: [
        { label: 'Started', labelJa: '開始', format: 'date-time' },
        { label: 'Status', labelJa: 'ステータス', format: 'status' },
        { label: 'Outcome', labelJa: '結果', format: 'status' },
        { label: 'Duration', labelJa: '通話時間', format: 'duration' },
      ].map((column, index) => ({ ...column, pointer: ['/started_at', '/status', '/outcome', '/duration_seconds'][index] as string }) as ShownField),
      maxRows: 5,
    },
  };
}

/** An AI endpoint asked about the conversation: its last messages in the body, one text field back, for the reply. */
export function askAiPreset(): ConnectionAction {
  return {
    id: 'summarise',
    label: 'Summarise',
    labelJa: '要約',
    audience: 'agents',
    method: 'POST',
    path: '/v1/text/summarize',
    body: JSON.stringify({ messages: '{recentMessages}', channel: '{channel}' }),
    recentMessages: 20,
    runs: 'on-open',
    cacheSeconds: 300,
    show: { kind: 'fields', fields: [{ pointer: '/summary', label: 'Summary', labelJa: '要約', format: 'text', useInReply: true }] },
  };
}

/** The presets offered when adding an action, by their ids, for a connection of `kind`. */
export function presetsFor(kind: ConnectionKind, connection?: Partial<Pick<Connection, 'probePath'>> & { callPath?: string }): ConnectionAction[] {
  const probe = reachablePreset(connection?.probePath ?? (kind === 'mico' ? '/v1/campaigns' : '/v1/health'));
  return [probe, callByUidPreset(connection?.callPath), byCustomerNumberPreset(), askAiPreset()];
}

/** The actions of a connection whose list no admin has changed: what the card offered before, from its own settings. */
export function defaultActions(connection: { kind: ConnectionKind; probePath?: string; callPath?: string }): ConnectionAction[] {
  const probe = reachablePreset(connection.probePath ?? '/');
  return connection.kind === 'mico' ? [probe, callByUidPreset(connection.callPath)] : [probe];
}
