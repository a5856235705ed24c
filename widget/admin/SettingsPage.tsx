import { useModel } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { SettingsModel } from './model/settings';
import { AuditSection } from './sections/Audit';
import { AutomationsSection } from './sections/Automations';
import { ConnectSection } from './sections/Connect';
import { ConnectionTestSection } from './sections/ConnectionTest';
import { FeaturesSection } from './sections/Features';
import { LogLevelSection } from './sections/LogLevel';
import { OutboxSection } from './sections/Outbox';
import type { Session } from './session';

/** The sections in the page's order, as its nav links to them. */
const sections = [
  { id: 'connect', title: 'Connect' },
  { id: 'test', title: 'Test the connection' },
  { id: 'agents', title: 'What agents see' },
  { id: 'outbox', title: 'Outbox' },
  { id: 'automations', title: 'Automations' },
  { id: 'audit', title: 'Audit log' },
  { id: 'log', title: 'Log level' },
];

/** The signed-in page: a header with Sign out, a nav of the sections, and the sections, read at once. */
export function SettingsPage({ session, fresh }: { session: Session; fresh: boolean }) {
  const settings = useModel(SettingsModel);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Just signed in: the focus goes where the page begins, so a screen reader starts there.
    if (fresh) heading.current?.focus();
    void settings.loadAll();
  }, []);
  return (
    <>
      <header class="top">
        <p class="product">HighLevel sidebar</p>
        <div class="top-actions">
          <p class="problem" role="alert">
            {session.signOutProblem.value}
          </p>
          <button type="button" class="button" onClick={() => void session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <div class="layout">
        <nav class="contents" aria-label="Sections">
          <ul>
            {sections.map((section) => (
              <li key={section.id}>
                <a href={`#${section.id}`}>{section.title}</a>
              </li>
            ))}
          </ul>
        </nav>
        <main class="sections">
          <h1 ref={heading} tabIndex={-1}>
            Settings
          </h1>
          <ConnectSection highLevel={settings.highLevel} secrets={settings.secrets} />
          <ConnectionTestSection test={settings.connectionTest} />
          <FeaturesSection features={settings.features} />
          <OutboxSection outbox={settings.outbox} />
          <AutomationsSection rules={settings.rules} failedRuns={settings.failedRuns} />
          <AuditSection audit={settings.audit} />
          <LogLevelSection logLevel={settings.logLevel} />
        </main>
      </div>
    </>
  );
}
