import { Alert, Button, Checkbox, Col, Form, Input, Row, Select, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { formErrors } from '../errors';
import { uploadDocument } from '../http';
import { graphql } from '../gql';
import type { OrganizationType } from '../gql/graphql';

const Requirements = graphql(`query Requirements($type: OrganizationType!) { documentRequirements(organizationType: $type) feeSchedule { planMonths amountJpy } }`);
const Submit = graphql(`mutation SubmitApplication($input: SubmitApplicationInput!) { submitApplication(input: $input) { position contract { id status } } }`);

const ORGANIZATION_TYPES: OrganizationType[] = ['CORPORATION', 'OTHER_LEGAL_ENTITY', 'APPROVED_ORGANIZATION', 'SOLE_PROPRIETOR'];

/** A screener enters an application: the applicant, the server, the plan, one file per required document and the CSR. */
export function SubmitApplication() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [type, setType] = useState<OrganizationType>('CORPORATION');
  const [{ data }] = useQuery({ query: Requirements, variables: { type } });
  const [result, submit] = useMutation(Submit);
  const [files, setFiles] = useState<Record<string, UploadFile[]>>({});
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [clientMutationId] = useState(() => crypto.randomUUID());
  const errors = useMemo(() => formErrors(result.error, t), [result.error, t]);
  const err = (field: string) => (errors.fields[field] ? { validateStatus: 'error' as const, help: errors.fields[field] } : {});

  const onFinish = async (v: Record<string, any>) => {
    setUploadError(null);
    let documentIds: string[];
    try {
      documentIds = await Promise.all(
        (data?.documentRequirements ?? []).flatMap((kind) => (files[kind] ?? []).map((f) => uploadDocument(f.originFileObj as File, kind))),
      );
    } catch (e) {
      setUploadError(e instanceof Error ? e.message : String(e));
      return;
    }
    const address = { postalCode: v.postalCode, prefecture: v.prefecture, city: v.city, street: v.street };
    const res = await submit({
      input: {
        clientMutationId,
        applicant: {
          organizationName: v.organizationName,
          organizationType: type,
          corporateNumber: v.corporateNumber || null,
          address,
          representativeName: v.representativeName,
          contact: { name: v.contactName, email: v.contactEmail, phone: v.contactPhone },
        },
        webServerFqdn: v.webServerFqdn,
        planMonths: v.planMonths,
        stickerRequested: !!v.stickerRequested,
        csrPem: v.csrPem,
        documentIds,
      },
    });
    if (res.data) navigate(`/contracts/${res.data.submitApplication.contract.id}`);
  };

  const text = (name: string, label: string, field: string, required = true) => (
    <Col xs={24} md={12}>
      <Form.Item name={name} label={label} rules={required ? [{ required: true, message: t('form.required') }] : undefined} {...err(field)}>
        <Input />
      </Form.Item>
    </Col>
  );

  return (
    <Form form={form} layout="vertical" name="submit-application" onFinish={onFinish} initialValues={{ planMonths: 12 }} aria-label={t('contracts.newApplication')}>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item label="organizationType" name="organizationType" initialValue="CORPORATION">
            <Select options={ORGANIZATION_TYPES.map((o) => ({ value: o, label: o }))} onChange={(v: OrganizationType) => setType(v)} />
          </Form.Item>
        </Col>
        {text('organizationName', 'organizationName', 'applicant.organizationName')}
        {text('corporateNumber', 'corporateNumber', 'applicant.corporateNumber', false)}
        {text('representativeName', 'representativeName', 'applicant.representativeName')}
        {text('postalCode', 'postalCode', 'applicant.address.postalCode')}
        {text('prefecture', 'prefecture', 'applicant.address.prefecture')}
        {text('city', 'city', 'applicant.address.city')}
        {text('street', 'street', 'applicant.address.street')}
        {text('contactName', 'contact.name', 'applicant.contact.name')}
        {text('contactEmail', 'contact.email', 'applicant.contact.email')}
        {text('contactPhone', 'contact.phone', 'applicant.contact.phone')}
        {text('webServerFqdn', 'webServerFqdn', 'webServerFqdn')}
        <Col xs={24} md={12}>
          <Form.Item name="planMonths" label="planMonths" {...err('planMonths')}>
            <Select options={(data?.feeSchedule ?? []).map((f) => ({ value: f.planMonths, label: `${f.planMonths} — ¥${f.amountJpy.toLocaleString()}` }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="stickerRequested" valuePropName="checked">
            <Checkbox>stickerRequested</Checkbox>
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="csrPem" label="csrPem (PEM)" rules={[{ required: true, message: t('form.required') }]} {...err('csrPem')}>
            <Input.TextArea rows={6} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        </Col>
        {(data?.documentRequirements ?? []).map((kind) => (
          <Col xs={24} md={8} key={kind}>
            <Form.Item label={kind} {...err('documentIds')}>
              <Upload
                accept=".pdf,.png,.jpg,.jpeg"
                beforeUpload={() => false}
                fileList={files[kind] ?? []}
                onChange={({ fileList }) => setFiles({ ...files, [kind]: fileList.slice(-1) })}
                data-testid={`upload-${kind}`}
              >
                <Button>{kind}</Button>
              </Upload>
            </Form.Item>
          </Col>
        ))}
      </Row>
      {[...errors.general, ...(uploadError ? [uploadError] : [])].map((m) => (
        <Alert key={m} type="error" message={m} showIcon role="alert" style={{ marginBottom: 8 }} />
      ))}
      <Button type="primary" htmlType="submit" loading={result.fetching}>
        {t('form.submit')}
      </Button>
    </Form>
  );
}
