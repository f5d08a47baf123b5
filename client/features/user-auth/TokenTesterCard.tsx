import { useId, useState, type FormEvent } from 'react';
import type { FieldCatalog } from '../../../shared/schemas/fields.ts';
import { tokensInspectInput, type TokenCheck, type TokensInspectOutput, type TokenWarning } from '../../../shared/schemas/tokens.ts';
import { formatTime } from '../../lib/format.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import field from '../../ui/TextField.module.css';
import { TestChatStarter } from './TestChatResult.tsx';
import styles from './TokenTools.module.css';

interface TokenTesterProps {
  widgetId: string;
  catalog: FieldCatalog;
  token: string;
  /** The token the shown result is for (the text box may have changed since). */
  checkedToken: string | undefined;
  onTokenChange: (token: string) => void;
  onCheck: () => void;
  onClear: () => void;
  result: TokensInspectOutput | undefined;
  pending: boolean;
  error: { message: string } | null;
}

/** Paste a token; the server runs chat start's own checks with this widget's policy and shows each one. */
export function TokenTesterCard({ widgetId, catalog, token, checkedToken, onTokenChange, onCheck, onClear, result, pending, error }: TokenTesterProps) {
  const id = useId();
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = tokensInspectInput.shape.token.trim().min(1, 'Paste a token to check').safeParse(token);
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? 'Paste a token to check');
    setProblem(null);
    onCheck();
  };

  return (
    <Card
      id="token-tester"
      title="Token tester"
      description="Paste a token your server signed to see what chat start on this widget would make of it. The token is checked on the server and not stored."
    >
      <form noValidate onSubmit={submit} className={styles.form}>
        <div className={field.field}>
          <label htmlFor={id} className={field.label}>
            Token
          </label>
          <textarea
            id={id}
            rows={4}
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            className={`${field.input} ${styles.tokenInput}`}
            value={token}
            onChange={(e) => onTokenChange(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-error` : undefined}
          />
          {problem && (
            <p id={`${id}-error`} className={field.error}>
              {problem}
            </p>
          )}
        </div>
        <div className={styles.actions}>
          <Button type="submit" variant="primary" pending={pending}>
            Check token
          </Button>
          <Button
            disabled={!token && !result}
            onClick={() => {
              setProblem(null);
              onClear();
            }}
          >
            Clear
          </Button>
        </div>
      </form>
      <div className={styles.result}>
        {error && <Alert tone="error">The token could not be checked: {error.message}</Alert>}
        {!error && !result && !pending && (
          <p className={styles.empty}>Nothing checked yet. The header, the payload and each check of the token will show here.</p>
        )}
        {result && <InspectResult result={result} />}
        {result && checkedToken && (
          <section aria-labelledby={`${id}-chat`} className={styles.signed}>
            <h3 id={`${id}-chat`} className={styles.subTitle}>
              Start a test chat with this token
            </h3>
            <p className={styles.hint}>A real chat start on this widget, marked as a test: it shows what the agent would get.</p>
            <TestChatStarter key={checkedToken} widgetId={widgetId} token={checkedToken} catalog={catalog} />
          </section>
        )}
      </div>
    </Card>
  );
}

function InspectResult({ result }: { result: TokensInspectOutput }) {
  return (
    <div className={styles.stack}>
      <Outcome result={result} />
      <div className={styles.decoded}>
        <Decoded title="Header" value={result.header} />
        <Decoded title="Payload" value={result.payload} />
      </div>
      <section aria-labelledby="token-checks-title">
        <h3 id="token-checks-title" className={styles.subTitle}>
          Checks
        </h3>
        <ol className={styles.checks}>
          {result.checks.map((check) => (
            <CheckItem key={check.name} check={check} />
          ))}
        </ol>
      </section>
      <section aria-labelledby="token-key-title">
        <h3 id="token-key-title" className={styles.subTitle}>
          Key
        </h3>
        {result.key ? (
          <p className={styles.line}>
            Signed with key <code className={styles.code}>{result.key.kid}</code>{' '}
            {result.key.status === 'active' && <Badge tone="success">Active</Badge>}
            {result.key.status === 'retiring' && (
              <>
                <Badge tone="warning">Retiring</Badge>
                {result.key.retiresAt && <> stops working {formatTime(result.key.retiresAt)}</>}
              </>
            )}
            {result.key.status === 'revoked' && <Badge tone="neutral">Revoked</Badge>}
          </p>
        ) : (
          <p className={styles.line}>No key of this account matched the signature.</p>
        )}
      </section>
      {result.warnings.length > 0 && (
        <section aria-labelledby="token-warnings-title">
          <h3 id="token-warnings-title" className={styles.subTitle}>
            Warnings
          </h3>
          <ul className={styles.warnings}>
            {result.warnings.map((warning, i) => (
              <WarningItem key={`${warning.kind}-${warning.entity ?? ''}-${warning.field ?? i}`} warning={warning} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** The one line that says what chat start would do, with the code and fix when it would refuse. */
function Outcome({ result }: { result: TokensInspectOutput }) {
  const [first] = result.errors;
  switch (result.outcome) {
    case 'authenticated':
      return (
        <Alert tone="success">
          <p className={styles.outcomeTitle}>Would be authenticated: chat start on this widget accepts this token.</p>
        </Alert>
      );
    case 'refused':
      return (
        <Alert tone="error">
          <p className={styles.outcomeTitle}>
            Would be refused with <code className={styles.code}>{first?.code ?? 'an error'}</code>
          </p>
          {first && <p className={styles.line}>{first.message}</p>}
          {first && <p className={styles.line}>Fix: {first.hint}</p>}
        </Alert>
      );
    case 'unauthenticated':
      return (
        <Alert tone="info">
          <p className={styles.outcomeTitle}>
            Would start unauthenticated on this widget, because it does not enforce user authentication
            {first && (
              <>
                {' '}
                (the token fails with <code className={styles.code}>{first.code}</code>)
              </>
            )}
            .
          </p>
          {first && <p className={styles.line}>Fix: {first.hint}</p>}
        </Alert>
      );
  }
}

function Decoded({ title, value }: { title: string; value: Record<string, unknown> | null }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={styles.decodedPart}>
      <h3 id={headingId} className={styles.subTitle}>
        {title}
      </h3>
      {value ? (
        // Text only: a payload is the sender's data and is never rendered as HTML.
        <pre className={styles.json} tabIndex={0}>
          {JSON.stringify(value, null, 2)}
        </pre>
      ) : (
        <p className={styles.line}>Could not be decoded.</p>
      )}
    </section>
  );
}

const STATUS = {
  passed: { icon: '✓', text: 'Passed' },
  failed: { icon: '✗', text: 'Failed' },
  not_checked: { icon: '–', text: 'Not checked' },
} as const;

function CheckItem({ check }: { check: TokenCheck }) {
  const status = STATUS[check.status];
  return (
    <li className={`${styles.check} ${styles[check.status]}`}>
      <span className={styles.checkIcon} aria-hidden="true">
        {status.icon}
      </span>
      <div className={styles.checkBody}>
        <p className={styles.checkTitle}>
          <span className={styles.checkStatus}>{status.text}:</span> {check.label}
          {check.code && (
            <>
              {' '}
              <code className={styles.code}>{check.code}</code>
            </>
          )}
        </p>
        {check.message && <p className={styles.line}>{check.message}</p>}
        {check.hint && <p className={styles.line}>Fix: {check.hint}</p>}
      </div>
    </li>
  );
}

function WarningItem({ warning }: { warning: TokenWarning }) {
  const suggest = warning.suggestion && !warning.message.includes(warning.suggestion);
  return (
    <li>
      {warning.message}
      {suggest && (
        <>
          {' '}
          Did you mean <code className={styles.code}>{warning.suggestion}</code>?
        </>
      )}
    </li>
  );
}
