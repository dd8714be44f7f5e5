/** The console's words: Japanese (default) and English. */
export const ja = {
  app: { title: 'Passport for Web 管理コンソール', signedInAs: 'サインイン中: {{sub}}', signOut: 'サインアウト', language: '言語' },
  nav: { dashboard: 'ダッシュボード', contracts: '契約', admin: '管理', audit: '監査' },
  signIn: {
    title: 'サインイン',
    token: 'アクセストークン (JWT)',
    help: '開発環境では npm start が管理者トークンを表示します。npm run cli -- token --role screener で他の役割のトークンを発行できます。',
    submit: 'サインイン',
    invalid: 'JWT ではありません (sub と roles が必要です)',
    expired: 'セッションの期限が切れました。もう一度サインインしてください。',
  },
  lists: {
    SCREENING_QUEUE: '審査待ち',
    OVERDUE_INVOICES: '支払期限超過',
    STICKERS_TO_SHIP: '発送待ちステッカー',
    OUTSTANDING_STICKERS: '返却待ちステッカー',
    PENDING_REVOCATIONS: '失効処理中',
    REISSUES_DUE: '再発行が必要',
    STUCK_PROCESSES: '停止した処理',
    empty: 'なし',
    live: 'ライブ更新',
    remaining: '期限まで {{time}}',
    overdue: '期限超過 {{time}}',
  },
  contracts: {
    title: '契約一覧', status: 'ステータス', organizationName: '組織名', fqdn: 'FQDN', submittedAt: '申込日時', search: '検索',
    next: '次へ', previous: '前へ', total: '全 {{count}} 件', any: 'すべて', newApplication: '新規申込',
  },
  contract: {
    applicant: '申込者', status: 'ステータス', invoice: '請求', certificates: '証明書', sticker: 'ステッカー', revocation: '失効',
    notifications: '通知', timeline: '履歴', asOf: '時点の契約', download: 'PEM をダウンロード', actions: '操作', notFound: '契約が見つかりません',
    representative: '代表者', contact: '連絡先', plan: '契約期間', months: '{{n}} か月', coverage: '有効期間', none: 'なし', live: 'ライブ',
  },
  form: { submit: '送信', done: '完了しました', failed: '失敗しました', required: '必須です' },
  admin: {
    service: 'サービス状態', suspended: '停止中', running: '稼働中', suspend: '停止', resume: '再開', reason: '理由',
    terms: '利用規約の改定', version: '版', effectiveFrom: '施行日', summary: '概要', stuck: '停止した処理', retry: '再実行',
    clock: 'シミュレーション時計', advance: '日数を進める', days: '日数', now: '現在時刻',
  },
  audit: {
    log: '監査ログ', live: 'ライブ', checkpoint: '署名付きツリーヘッド', treeSize: 'ツリーサイズ', rootHash: 'ルートハッシュ', signature: '署名',
    publicKey: '公開鍵', signedAt: '署名日時', verify: '検証', verified: '検証成功: リーフハッシュ・包含証明・Ed25519 署名が一致', failedCheck: '検証失敗: {{reason}}',
    export: 'エクスポート', exportHelp: '全件のエクスポートと検証: npm run cli -- audit export --out audit.jsonl / audit verify audit.jsonl',
    streamId: 'ストリーム', eventTypes: 'イベント種別', actorId: '実行者', type: '種別', position: '位置', occurredAt: '発生日時', actor: '実行者',
  },
};

export const en: typeof ja = {
  app: { title: 'Passport for Web staff console', signedInAs: 'Signed in as {{sub}}', signOut: 'Sign out', language: 'Language' },
  nav: { dashboard: 'Dashboard', contracts: 'Contracts', admin: 'Administration', audit: 'Audit' },
  signIn: {
    title: 'Sign in',
    token: 'Access token (JWT)',
    help: 'In development npm start prints an admin token; npm run cli -- token --role screener mints others.',
    submit: 'Sign in',
    invalid: 'Not a JWT (it needs sub and roles)',
    expired: 'Your session expired. Please sign in again.',
  },
  lists: {
    SCREENING_QUEUE: 'Screening queue',
    OVERDUE_INVOICES: 'Overdue invoices',
    STICKERS_TO_SHIP: 'Stickers to ship',
    OUTSTANDING_STICKERS: 'Outstanding stickers',
    PENDING_REVOCATIONS: 'Pending revocations',
    REISSUES_DUE: 'Reissues due',
    STUCK_PROCESSES: 'Stuck processes',
    empty: 'None',
    live: 'live',
    remaining: '{{time}} to the deadline',
    overdue: 'deadline missed by {{time}}',
  },
  contracts: {
    title: 'Contracts', status: 'Status', organizationName: 'Organization', fqdn: 'FQDN', submittedAt: 'Submitted', search: 'Search',
    next: 'Next', previous: 'Previous', total: '{{count}} in all', any: 'Any', newApplication: 'New application',
  },
  contract: {
    applicant: 'Applicant', status: 'Status', invoice: 'Invoice', certificates: 'Certificates', sticker: 'Sticker', revocation: 'Revocation',
    notifications: 'Notifications', timeline: 'Timeline', asOf: 'Contract as of', download: 'Download PEM', actions: 'Actions', notFound: 'No such contract',
    representative: 'Representative', contact: 'Contact', plan: 'Plan', months: '{{n}} months', coverage: 'Coverage', none: 'none', live: 'live',
  },
  form: { submit: 'Submit', done: 'Done', failed: 'Failed', required: 'Required' },
  admin: {
    service: 'Service status', suspended: 'Suspended', running: 'Running', suspend: 'Suspend', resume: 'Resume', reason: 'Reason',
    terms: 'Revise the terms', version: 'Version', effectiveFrom: 'Effective from', summary: 'Summary', stuck: 'Stuck processes', retry: 'Retry',
    clock: 'Simulated clock', advance: 'Advance by days', days: 'Days', now: 'Now',
  },
  audit: {
    log: 'Audit log', live: 'Live', checkpoint: 'Signed tree head', treeSize: 'Tree size', rootHash: 'Root hash', signature: 'Signature',
    publicKey: 'Public key', signedAt: 'Signed at', verify: 'Verify', verified: 'Verified: leaf hash, inclusion proof and Ed25519 signature match', failedCheck: 'Verification failed: {{reason}}',
    export: 'Export', exportHelp: 'Export and verify everything: npm run cli -- audit export --out audit.jsonl / audit verify audit.jsonl',
    streamId: 'Stream', eventTypes: 'Event types', actorId: 'Actor', type: 'Type', position: 'Position', occurredAt: 'Occurred at', actor: 'Actor',
  },
};
