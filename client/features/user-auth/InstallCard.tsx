import { useState } from 'react';
import type { WidgetDetail } from '../../../shared/schemas/widgets.ts';
import { Card } from '../../ui/Card.tsx';
import { CopyButton } from '../../ui/CopyButton.tsx';
import segmented from '../../ui/Segmented.module.css';
import styles from './UserAuthPage.module.css';

/** Where the widget's script is, and the id the asynchronous loader gives its script element. */
export const WIDGET_SCRIPT_ID = 'wca-widget-js';

const TOKEN_PLACEHOLDER = '<token from your server>';

/** The init call, filled in for this widget; the token is the one the customer's server minted. */
function initCall(host: string, widget: WidgetDetail, indent: string) {
  return `${indent}window.fdWidget.init({
${indent}  host: "${host}",
${indent}  token: "${widget.token}",
${indent}  widgetId: "${widget.id}",
${indent}  // Minted by your server for the signed-in user (see below); never build it in the browser.
${indent}  jwtAuthToken: "${TOKEN_PLACEHOLDER}"
${indent}});`;
}

/** The two embed forms: the short one, and the asynchronous loader help desk customers already paste. */
export function embedSnippets(host: string, widget: WidgetDetail) {
  const short = `<script src="${host}/webchat/js/widget.js"></script>
<script>
${initCall(host, widget, '  ')}
</script>`;
  const loader = `<script>
  function initWebchatWidget() {
${initCall(host, widget, '    ')}
  }
  // Loads the widget once the page has loaded, and only once: a second run just initialises it.
  function loadWebchatWidget(doc, id) {
    var existing = doc.getElementById(id);
    if (existing) {
      if (window.fdWidget) initWebchatWidget();
      else existing.addEventListener("load", initWebchatWidget);
      return;
    }
    var script = doc.createElement("script");
    script.id = id;
    script.async = true;
    script.src = "${host}/webchat/js/widget.js";
    script.onload = initWebchatWidget;
    doc.head.appendChild(script);
  }
  window.addEventListener("load", function () {
    loadWebchatWidget(document, "${WIDGET_SCRIPT_ID}");
  });
</script>`;
  return { Short: short, 'Asynchronous loader': loader };
}

/** The embed snippet and token-signing code, filled in for this widget; the secret comes from the environment. */
export function InstallCard({ widget }: { widget: WidgetDetail }) {
  const host = window.location.origin;
  const embeds = embedSnippets(host, widget);
  const [embedForm, setEmbedForm] = useState<keyof typeof embeds>('Short');
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
      <p className={styles.hint}>
        The short form loads the widget as the page loads; the asynchronous loader waits for the page, then loads it once.
      </p>
      <div role="group" aria-label="Embed form" className={segmented.segmented}>
        {Object.keys(embeds).map((name) => (
          <button key={name} type="button" aria-pressed={embedForm === name} onClick={() => setEmbedForm(name as keyof typeof embeds)}>
            {name}
          </button>
        ))}
      </div>
      <pre className={styles.code}>
        <code>{embeds[embedForm]}</code>
      </pre>
      <CopyButton text={embeds[embedForm]} label="Copy snippet" />
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
