import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { WidgetDetail } from '../../../shared/schemas/widgets.ts';
import { InstallCard } from './InstallCard.tsx';

const widget: WidgetDetail = {
  id: 'wid_123',
  name: 'Website chat',
  token: 'wtok_abc',
  host: 'www.example.com',
  enforcement: 'not_enforced',
  createdAt: '2026-11-01T10:00:00.000Z',
};
const host = window.location.origin;

interface FakeScript {
  id: string;
  src: string;
  async: boolean;
  onload: (() => void) | null;
  listeners: Record<string, () => void>;
  addEventListener(type: string, fn: () => void): void;
}

/** A page as the snippet sees it: what it appends, what it waits for, and the widget's init. */
function fakePage() {
  const appended: FakeScript[] = [];
  const onWindow: Record<string, () => void> = {};
  const init = vi.fn();
  const win: { fdWidget?: { init: typeof init }; addEventListener: (type: string, fn: () => void) => void } = {
    addEventListener: (type, fn) => (onWindow[type] = fn),
  };
  const doc = {
    getElementById: (id: string) => appended.find((s) => s.id === id) ?? null,
    createElement: (): FakeScript => ({
      id: '',
      src: '',
      async: false,
      onload: null,
      listeners: {},
      addEventListener(type, fn) {
        this.listeners[type] = fn;
      },
    }),
    head: { appendChild: (node: FakeScript) => appended.push(node) },
  };
  return { win, doc, appended, init, onWindow };
}

async function snippet(form: 'Short' | 'Asynchronous loader') {
  const user = userEvent.setup();
  render(<InstallCard widget={widget} />);
  const card = screen.getByRole('region', { name: 'Install' });
  await user.click(within(card).getByRole('button', { name: form }));
  expect(within(card).getByRole('button', { name: form }).getAttribute('aria-pressed')).toBe('true');
  return card.querySelector('pre code')?.textContent ?? '';
}

describe('Install', () => {
  it('offers the short form with the values filled in', async () => {
    const code = await snippet('Short');
    expect(code).toContain(`<script src="${host}/webchat/js/widget.js"></script>`);
    expect(code).toContain(`token: "wtok_abc"`);
    expect(code).toContain(`widgetId: "wid_123"`);
  });

  it('offers the asynchronous loader: on window load it adds the widget script once under its id, then calls init with the values', async () => {
    const code = await snippet('Asynchronous loader');
    const body = /<script>([\s\S]*)<\/script>/.exec(code)?.[1] ?? '';
    const page = fakePage();
    // Runs the snippet as a page would, twice (a snippet pasted twice, or a second page view in a single-page app).
    const run = () => new Function('window', 'document', body)(page.win, page.doc);

    run();
    expect(page.appended).toHaveLength(0);
    page.onWindow.load?.();
    expect(page.appended).toEqual([expect.objectContaining({ id: 'wca-widget-js', src: `${host}/webchat/js/widget.js`, async: true })]);
    expect(page.init).not.toHaveBeenCalled();

    // widget.js defines window.fdWidget as it runs, then the script's load event fires.
    page.win.fdWidget = { init: page.init };
    page.appended[0]?.onload?.();
    expect(page.init).toHaveBeenCalledExactlyOnceWith({ host, token: 'wtok_abc', widgetId: 'wid_123', jwtAuthToken: '<token from your server>' });

    run();
    page.onWindow.load?.();
    expect(page.appended).toHaveLength(1);
    expect(page.init).toHaveBeenCalledTimes(2);
  });

  it('the asynchronous loader run again before the script has loaded waits for it instead of calling init too early', async () => {
    const code = await snippet('Asynchronous loader');
    const body = /<script>([\s\S]*)<\/script>/.exec(code)?.[1] ?? '';
    const page = fakePage();
    const run = () => new Function('window', 'document', body)(page.win, page.doc);
    run();
    page.onWindow.load?.();
    run();
    page.onWindow.load?.();
    expect(page.appended).toHaveLength(1);
    page.win.fdWidget = { init: page.init };
    page.appended[0]?.onload?.();
    page.appended[0]?.listeners.load?.();
    expect(page.init).toHaveBeenCalledTimes(2);
  });
});
