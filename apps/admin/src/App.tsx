import { Button, ConfigProvider, Layout, Menu, Segmented, Tag, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import jaJP from 'antd/locale/ja_JP';
import 'dayjs/locale/ja';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Provider } from 'urql';
import { hasRole, loadSession, saveSession, type Session } from './auth';
import { createApiClient } from './client';
import { setLanguage } from './i18n';
import { Admin } from './pages/Admin';
import { Audit } from './pages/Audit';
import { ContractPage } from './pages/ContractPage';
import { Contracts } from './pages/Contracts';
import { Dashboard } from './pages/Dashboard';
import { SignIn } from './pages/SignIn';

function Shell({ session, onSignOut }: { readonly session: Session; readonly onSignOut: () => void }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const items = [
    { key: '/', label: <Link to="/">{t('nav.dashboard')}</Link> },
    { key: '/contracts', label: <Link to="/contracts">{t('nav.contracts')}</Link> },
    ...(hasRole(session, 'ADMIN') ? [{ key: '/administration', label: <Link to="/administration">{t('nav.admin')}</Link> }] : []),
    ...(hasRole(session, 'AUDITOR', 'ADMIN') ? [{ key: '/audit', label: <Link to="/audit">{t('nav.audit')}</Link> }] : []),
  ];
  const selected = items.map((i) => i.key).filter((k) => (k === '/' ? location.pathname === '/' : location.pathname.startsWith(k)));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
        <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap', flex: 'none' }}>
          {t('app.title')}
        </Typography.Text>
        {/* Every page's link stays in sight (never folded into "…"); when the header is short of room, the role tags give way. */}
        <Menu theme="dark" mode="horizontal" selectedKeys={selected} items={items} disabledOverflow style={{ flex: 'none' }} />
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginLeft: 'auto', minWidth: 0 }}>
          <Typography.Text style={{ color: '#fff', whiteSpace: 'nowrap', flex: 'none' }} data-testid="signed-in">
            {t('app.signedInAs', { sub: session.sub })}
          </Typography.Text>
          <span title={session.roles.join(', ')} style={{ flex: '0 1 auto', minWidth: 0, overflow: 'hidden', whiteSpace: 'nowrap' }}>
            {session.roles.map((r) => (
              <Tag key={r} color="gold">
                {r}
              </Tag>
            ))}
          </span>
          <Segmented
            style={{ flex: 'none' }}
            aria-label={t('app.language')}
            value={i18n.language}
            options={[
              { value: 'ja', label: '日本語' },
              { value: 'en', label: 'English' },
            ]}
            onChange={(v) => setLanguage(v as 'ja' | 'en')}
          />
          <Button onClick={onSignOut} style={{ flex: 'none' }}>
            {t('app.signOut')}
          </Button>
        </div>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <Routes>
          <Route path="/" element={<Dashboard session={session} />} />
          <Route path="/contracts" element={<Contracts session={session} />} />
          <Route path="/contracts/:id" element={<ContractPage session={session} />} />
          <Route path="/administration" element={<Admin />} />
          <Route path="/audit" element={<Audit />} />
          <Route path="*" element={<Navigate to="/" />} />
        </Routes>
      </Layout.Content>
    </Layout>
  );
}

/** The staff console: sign in with a token, then the pages the roles in it may use. */
export function App() {
  const { i18n } = useTranslation();
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [expired, setExpired] = useState(false);
  const client = useMemo(
    () =>
      session
        ? createApiClient(session.token, () => {
            saveSession(null);
            setExpired(true);
            setSession(null);
          })
        : null,
    [session],
  );
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : jaJP} theme={{ token: { colorPrimary: '#1d4f91' } }}>
      <BrowserRouter basename="/admin">
        {session && client ? (
          <Provider value={client}>
            <Shell
              session={session}
              onSignOut={() => {
                saveSession(null);
                setSession(null);
              }}
            />
          </Provider>
        ) : (
          <SignIn
            expired={expired}
            onSignIn={(s) => {
              saveSession(s);
              setExpired(false);
              setSession(s);
            }}
          />
        )}
      </BrowserRouter>
    </ConfigProvider>
  );
}
