import { Checkbox } from '../../components/Checkbox.tsx';
import { Field } from '../../components/Field.tsx';
import { isTlsUrl } from '../connections/connection-url.ts';
import { PickFileButton } from './PickFileButton.tsx';
import type { DeploymentFormValues, FormField } from './deployment-form-values.ts';

interface BrokerFieldsProps {
  values: DeploymentFormValues;
  errors: Partial<Record<FormField, string>>;
  set: <F extends FormField>(field: F, value: DeploymentFormValues[F]) => void;
  /** Editing a deployment whose broker password is stored (and never shown). */
  hasStoredPassword: boolean;
}

export function BrokerFields({ values, errors, set, hasStoredPassword }: BrokerFieldsProps) {
  return (
    <fieldset className="form-section">
      <legend>Broker</legend>
      <p className="form-section-note">Optional. RabbitMQ that carries Celery tasks, events and notifications.</p>
      <Field
        label="AMQP URL"
        value={values.brokerUrl}
        onChange={(value) => set('brokerUrl', value)}
        error={errors.brokerUrl}
        placeholder="amqp://user@host:5672/vhost"
        className="mono-input"
      />
      <div className="field-row">
        <Field
          label="Password"
          type="password"
          value={values.password}
          onChange={(value) => set('password', value)}
          error={errors.password}
          placeholder={hasStoredPassword && !values.clearPassword ? 'stored — leave empty to keep' : ''}
          disabled={values.clearPassword}
          autoComplete="new-password"
        />
        {hasStoredPassword && (
          <Checkbox
            label="Clear stored password"
            checked={values.clearPassword}
            onChange={(checked) => {
              set('clearPassword', checked);
              if (checked) set('password', '');
            }}
          />
        )}
      </div>
      <Field
        label="Management API URL"
        value={values.managementUrl}
        onChange={(value) => set('managementUrl', value)}
        error={errors.managementUrl}
        placeholder="http://host:15672"
        hint="Uses the broker credentials unless the URL has its own."
        className="mono-input"
      />
      {isTlsUrl(values.brokerUrl) && (
        <div className="form-subsection" aria-label="TLS">
          <Checkbox
            label="Verify the broker's certificate"
            checked={values.tlsVerify}
            onChange={(checked) => set('tlsVerify', checked)}
            error={errors.tlsVerify}
          />
          <div className="field-row">
            <Field
              label="CA file"
              value={values.tlsCaPath}
              onChange={(value) => set('tlsCaPath', value)}
              error={errors.tlsCaPath}
              placeholder="/etc/ssl/certs/rabbitmq-ca.pem"
              hint="PEM file of the CA that signed the broker's certificate; empty for the system's CAs."
              className="mono-input"
            />
            <PickFileButton title="CA file of the broker" onPicked={(path) => set('tlsCaPath', path)} />
          </div>
        </div>
      )}
    </fieldset>
  );
}
