import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sessionOf, type Session } from '../auth';

/** Paste a token: the server checks it on every call; here it is only read to show who is signed in. */
export function SignIn({ onSignIn, expired }: { readonly onSignIn: (s: Session) => void; readonly expired: boolean }) {
  const { t } = useTranslation();
  const [invalid, setInvalid] = useState(false);
  return (
    <Card title={t('signIn.title')} style={{ maxWidth: 640, margin: '48px auto' }}>
      {expired && <Alert type="warning" message={t('signIn.expired')} showIcon style={{ marginBottom: 16 }} />}
      <Form
        layout="vertical"
        name="sign-in"
        onFinish={(v: { token: string }) => {
          const s = sessionOf(v.token ?? '');
          setInvalid(!s);
          if (s) onSignIn(s);
        }}
      >
        <Form.Item name="token" label={t('signIn.token')} validateStatus={invalid ? 'error' : undefined} help={invalid ? t('signIn.invalid') : undefined}>
          <Input.TextArea rows={5} autoFocus style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('signIn.help')}</Typography.Paragraph>
        <Button type="primary" htmlType="submit">
          {t('signIn.submit')}
        </Button>
      </Form>
    </Card>
  );
}
