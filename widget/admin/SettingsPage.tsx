import type { TargetedMouseEvent } from 'preact';
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

/**
 * Follows an in-page link by moving the keyboard's focus to its heading (a heading the page made
 * focusable), so a screen reader reads where it arrived and the next Tab starts there; the
 * address keeps the fragment. Without this, the focus would stay behind on the link.
 */
function goTo(event: TargetedMouseEvent<HTMLAnchorElement>, headingId: string): void {
  const heading = document.getElementById(headingId);
  if (!heading) return;
  event.preventDefault();
  heading.focus({ preventScroll: true });
  // The whole section (or page part) at the top, as following the link would have put it.
  (heading.closest('section, main') ?? heading).scrollIntoView({ block: 'start' });
  history.replaceState(history.state, '', event.currentTarget.hash);
}

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
      <a class="skip-link" href="#settings" onClick={(event) => goTo(event, 'settings-heading')}>
        Skip to the settings
      </a>
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
                <a href={`#${section.id}`} onClick={(event) => goTo(event, `${section.id}-heading`)}>
                  {section.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main class="sections" id="settings">
          <h1 id="settings-heading" ref={heading} tabIndex={-1}>
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
