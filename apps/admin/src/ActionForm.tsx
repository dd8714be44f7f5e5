import { Alert, Button, Checkbox, DatePicker, Form, Input, InputNumber, Select, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, type AnyVariables, type TypedDocumentNode } from 'urql';
import { formErrors } from './errors';
import { uploadDocument } from './http';

/** Required only while another field of the form has one of these values (API.md names the case). */
export interface RequiredWhen {
  readonly field: string;
  readonly oneOf: readonly string[];
}

interface Common {
  readonly name: string;
  readonly label: string;
  readonly required?: boolean;
  readonly requiredWhen?: RequiredWhen;
  /** A line under the field saying what it is for. */
  readonly help?: string;
}

export type FieldSpec =
  | (Common & { readonly kind: 'text' | 'textarea' | 'date' | 'datetime' })
  | (Common & { readonly kind: 'number'; readonly min?: number })
  | (Common & { readonly kind: 'select' | 'multiselect'; readonly options: readonly string[] })
  | (Common & { readonly kind: 'checkbox' })
  /**
   * Files uploaded through POST /documents when the form is sent, filed under the kind another field names
   * (`documentKindField`) or a fixed one (`documentKind`); the field's value becomes their ids, or the one id
   * (`single`).
   */
  | (Common & { readonly kind: 'upload'; readonly documentKindField?: string; readonly documentKind?: string; readonly single?: boolean });

/** Whether the field must be filled, given the form's values now. */
export function isRequired(f: FieldSpec, values: Record<string, unknown>): boolean {
  if (f.required) return true;
  if (!f.requiredWhen) return false;
  const other = values[f.requiredWhen.field];
  return typeof other === 'string' && f.requiredWhen.oneOf.includes(other);
}

/**
 * One mutation as a form: its fields labelled, the API's validation errors beside the field they name
 * (extensions.field), the rest above the button with what their code means. A clientMutationId is made when the
 * form opens and kept until the mutation succeeds, so a double click or a retry writes once.
 */
export function ActionForm<D>(props: {
  readonly id: string;
  readonly title: string;
  readonly mutation: TypedDocumentNode<D, { input: never }>;
  readonly fields: readonly FieldSpec[];
  readonly fixed?: Record<string, unknown>;
  readonly initial?: Record<string, unknown>;
  readonly description?: string;
  readonly onDone?: (data: D) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [result, run] = useMutation<D, AnyVariables>(props.mutation as TypedDocumentNode<D, AnyVariables>);
  const [clientMutationId, setClientMutationId] = useState(() => crypto.randomUUID());
  const [done, setDone] = useState(false);
  const [uploadErrors, setUploadErrors] = useState<Record<string, string>>({});
  const [uploading, setUploading] = useState(false);
  const errors = useMemo(() => {
    const e = formErrors(result.error, t);
    // A field the form does not show (contractId, a nested input) is told above the button, never lost.
    const shown = new Set(props.fields.map((f) => f.name));
    const elsewhere = Object.entries(e.fields).filter(([name]) => !shown.has(name));
    return { fields: { ...e.fields, ...uploadErrors }, general: [...e.general, ...elsewhere.map(([name, m]) => `${name}: ${m}`)] };
  }, [result.error, t, props.fields, uploadErrors]);
  const values = (Form.useWatch([], form) ?? {}) as Record<string, unknown>;

  const submit = async (formValues: Record<string, unknown>) => {
    setDone(false);
    setUploadErrors({});
    const input: Record<string, unknown> = { ...props.fixed, clientMutationId };
    for (const f of props.fields) {
      let v = formValues[f.name];
      if (f.kind === 'checkbox') v = v === true;
      if (f.kind === 'upload') {
        const files = (v as UploadFile[] | undefined) ?? [];
        if (files.length === 0) continue;
        setUploading(true);
        const documentKind = f.documentKind ?? String(formValues[f.documentKindField ?? '']);
        try {
          const ids = await Promise.all(files.map((file) => uploadDocument(file.originFileObj as File, documentKind)));
          v = f.single ? ids[0] : ids;
        } catch (e) {
          setUploadErrors({ [f.name]: e instanceof Error ? e.message : String(e) });
          return;
        } finally {
          setUploading(false);
        }
      }
      if (v === undefined || v === null || v === '') continue;
      if (f.kind === 'date') v = dayjs(v as dayjs.Dayjs).format('YYYY-MM-DD');
      else if (f.kind === 'datetime') v = dayjs(v as dayjs.Dayjs).toISOString();
      // A dotted name is a nested input field (checklist.japanBase), as extensions.field names it.
      const path = f.name.split('.');
      let target = input;
      for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
      target[path[path.length - 1]!] = v;
    }
    // A field only the form needs (the kind the uploads are filed under) is not part of the mutation's input.
    for (const f of props.fields) if (f.kind === 'upload' && f.documentKindField) delete input[f.documentKindField];
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
      {props.description && <Typography.Paragraph type="secondary">{props.description}</Typography.Paragraph>}
      {props.fields.map((f) => {
        const required = isRequired(f, values);
        return (
          <Form.Item
            key={f.name}
            name={f.name}
            label={f.kind === 'checkbox' ? undefined : f.label}
            valuePropName={f.kind === 'checkbox' ? 'checked' : f.kind === 'upload' ? 'fileList' : 'value'}
            getValueFromEvent={f.kind === 'upload' ? (e: { fileList: UploadFile[] }) => e.fileList : undefined}
            required={required}
            dependencies={f.requiredWhen ? [f.requiredWhen.field] : undefined}
            rules={[{ validator: (_, v: unknown) => (!isRequired(f, form.getFieldsValue()) || (v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) ? Promise.resolve() : Promise.reject(new Error(t('form.required')))) }]}
            validateStatus={errors.fields[f.name] ? 'error' : undefined}
            help={errors.fields[f.name]}
            extra={f.help}
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
            ) : f.kind === 'upload' ? (
              <Upload beforeUpload={() => false} multiple={!f.single} maxCount={f.single ? 1 : undefined} accept="application/pdf,image/png,image/jpeg">
                <Button>{t('form.chooseFiles')}</Button>
              </Upload>
            ) : (
              <Select mode={f.kind === 'multiselect' ? 'multiple' : undefined} options={('options' in f ? f.options : []).map((o) => ({ value: o, label: o }))} allowClear />
            )}
          </Form.Item>
        );
      })}
      {errors.general.map((message) => (
        <Alert key={message} type="error" message={message} showIcon style={{ marginBottom: 8 }} role="alert" />
      ))}
      {done && <Alert type="success" message={t('form.done')} showIcon style={{ marginBottom: 8 }} />}
      <Button type="primary" htmlType="submit" loading={result.fetching || uploading}>
        {props.title}
      </Button>
    </Form>
  );
}
