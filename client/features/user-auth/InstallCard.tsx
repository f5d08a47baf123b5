import { useState } from 'react';
import type { WidgetDetail } from '../../../shared/schemas/widgets.ts';
import { Card } from '../../ui/Card.tsx';
import { CopyButton } from '../../ui/CopyButton.tsx';
import segmented from '../../ui/Segmented.module.css';
import styles from './UserAuthPage.module.css';

/** The embed snippet and token-signing code, filled in for this widget; the secret comes from the environment. */
export function InstallCard({ widget }: { widget: WidgetDetail }) {
  const host = window.location.origin;
  const embed = `<script src="${host}/webchat/js/widget.js"></script>
<script>
  window.fdWidget.init({
    host: "${host}",
    token: "${widget.token}",
    widgetId: "${widget.id}",
    // Minted by your server for the signed-in user (see below); never build it in the browser.
    jwtAuthToken: "<token from your server>"
  });
</script>`;
  const snippets = {
    'Node.js': `// npm install jsonwebtoken
import jwt from 'jsonwebtoken';

export function webchatToken(user) {
  return jwt.sign(
    { email: user.email, contactProperties: { name: user.name } },
    process.env.WEBCHAT_AUTH_SECRET,
    { algorithm: 'HS256', expiresIn: '1h' },
  );
}`,
    Python: `# pip install PyJWT
import os, time, jwt

def webchat_token(user):
    claims = {"email": user.email, "contactProperties": {"name": user.name}, "exp": int(time.time()) + 3600}
    return jwt.encode(claims, os.environ["WEBCHAT_AUTH_SECRET"], algorithm="HS256")`,
    Ruby: `# gem install jwt
require "jwt"

def webchat_token(user)
  claims = { email: user.email, contactProperties: { name: user.name }, exp: Time.now.to_i + 3600 }
  JWT.encode(claims, ENV.fetch("WEBCHAT_AUTH_SECRET"), "HS256")
end`,
  };
  const [language, setLanguage] = useState<keyof typeof snippets>('Node.js');
  return (
    <Card id="install" title="Install" description="Add the widget to your pages and pass the token your server signed for the visitor.">
      <h3 className={styles.subTitle}>Embed snippet</h3>
      <pre className={styles.code}>
        <code>{embed}</code>
      </pre>
      <CopyButton text={embed} label="Copy snippet" />
      <h3 className={styles.subTitle}>Sign tokens on your server</h3>
      <p className={styles.hint}>Set WEBCHAT_AUTH_SECRET to the signing key on your server. The code reads it from the environment; never put it in a page.</p>
      <div role="group" aria-label="Language" className={segmented.segmented}>
        {Object.keys(snippets).map((name) => (
          <button key={name} type="button" aria-pressed={language === name} onClick={() => setLanguage(name as keyof typeof snippets)}>
            {name}
          </button>
        ))}
      </div>
      <pre className={styles.code}>
        <code>{snippets[language]}</code>
      </pre>
      <CopyButton text={snippets[language]} label={`Copy ${language} code`} />
    </Card>
  );
}
