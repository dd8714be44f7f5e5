import { Alert, Button, Checkbox, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, type AnyVariables, type TypedDocumentNode } from 'urql';
import { formErrors } from './errors';

export type FieldSpec =
  | { readonly name: string; readonly label: string; readonly kind: 'text' | 'textarea' | 'date' | 'datetime'; readonly required?: boolean }
  | { readonly name: string; readonly label: string; readonly kind: 'number'; readonly required?: boolean; readonly min?: number }
  | { readonly name: string; readonly label: string; readonly kind: 'select' | 'multiselect'; readonly options: readonly string[]; readonly required?: boolean }
  | { readonly name: string; readonly label: string; readonly kind: 'checkbox' };

/**
 * One mutation as a form: its fields labelled, the API's validation errors beside the field they name
 * (extensions.field), the rest above the button. A clientMutationId is made when the form opens and kept until
 * the mutation succeeds, so a double click or a retry writes once.
 */
export function ActionForm<D>(props: {
  readonly id: string;
  readonly title: string;
  readonly mutation: TypedDocumentNode<D, { input: never }>;
  readonly fields: readonly FieldSpec[];
  readonly fixed?: Record<string, unknown>;
  readonly initial?: Record<string, unknown>;
  readonly onDone?: (data: D) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [result, run] = useMutation<D, AnyVariables>(props.mutation as TypedDocumentNode<D, AnyVariables>);
  const [clientMutationId, setClientMutationId] = useState(() => crypto.randomUUID());
  const [done, setDone] = useState(false);
  const errors = useMemo(() => formErrors(result.error), [result.error]);

  const submit = async (values: Record<string, unknown>) => {
    setDone(false);
    const input: Record<string, unknown> = { ...props.fixed, clientMutationId };
    for (const f of props.fields) {
      let v = values[f.name];
      if (f.kind === 'checkbox') v = v === true;
      if (v === undefined || v === null || v === '') continue;
      if (f.kind === 'date') v = dayjs(v as dayjs.Dayjs).format('YYYY-MM-DD');
      else if (f.kind === 'datetime') v = dayjs(v as dayjs.Dayjs).toISOString();
      // A dotted name is a nested input field (checklist.japanBase), as extensions.field names it.
      const path = f.name.split('.');
      let target = input;
      for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
      target[path[path.length - 1]!] = v;
    }
    const res = await run({ input });
    if (!res.error && res.data) {
      setDone(true);
      setClientMutationId(crypto.randomUUID());
      form.resetFields();
      props.onDone?.(res.data);
    }
  };

  return (
    <Form form={form} layout="vertical" name={props.id} onFinish={submit} initialValues={props.initial} aria-label={props.title}>
      {props.fields.map((f) => (
        <Form.Item
          key={f.name}
          name={f.name}
          label={f.kind === 'checkbox' ? undefined : f.label}
          valuePropName={f.kind === 'checkbox' ? 'checked' : 'value'}
          rules={'required' in f && f.required ? [{ required: true, message: t('form.required') }] : undefined}
          validateStatus={errors.fields[f.name] ? 'error' : undefined}
          help={errors.fields[f.name]}
        >
          {f.kind === 'text' ? (
            <Input />
          ) : f.kind === 'textarea' ? (
            <Input.TextArea rows={3} />
          ) : f.kind === 'number' ? (
            <InputNumber min={f.min} style={{ width: '100%' }} />
          ) : f.kind === 'date' ? (
            <DatePicker />
          ) : f.kind === 'datetime' ? (
            <DatePicker showTime />
          ) : f.kind === 'checkbox' ? (
            <Checkbox>{f.label}</Checkbox>
          ) : (
            <Select mode={f.kind === 'multiselect' ? 'multiple' : undefined} options={('options' in f ? f.options : []).map((o) => ({ value: o, label: o }))} allowClear />
          )}
        </Form.Item>
      ))}
      {errors.general.map((message) => (
        <Alert key={message} type="error" message={message} showIcon style={{ marginBottom: 8 }} role="alert" />
      ))}
      {done && <Alert type="success" message={t('form.done')} showIcon style={{ marginBottom: 8 }} />}
      <Button type="primary" htmlType="submit" loading={result.fetching}>
        {props.title}
      </Button>
    </Form>
  );
}
