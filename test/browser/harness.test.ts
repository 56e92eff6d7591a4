import { describe, expect, it } from 'vitest';
import { useBrowser } from '../src/useBrowser.js';

const suite = useBrowser();

describe('the browser harness', () => {
  it('freezes a tab of a tabbed group through CDP and resumes it', async () => {
    const group = await suite.openTabbedGroup();
    const [a, b] = await group.openTabs(2);
    if (!a || !b) throw new Error('two tabs expected');
    await group.callAll('start', { createSession: false });

    await b.setLifecycleState('frozen');

    expect(b.isFrozen).toBe(true);
    expect(group.liveTabs()).toEqual([a]);
    await expect(b.call('capabilities')).rejects.toThrow('Tab B is frozen');
    expect(await a.call('capabilities')).toMatchObject({ serviceWorkerControlled: true });

    await b.setLifecycleState('active');

    const lifecycle = await b.call('lifecycle');
    expect(lifecycle.state).toBe('active');
    expect(lifecycle.log.map((entry) => entry.type)).toEqual(
      expect.arrayContaining(['freeze', 'resume']),
    );
    expect(lifecycle.log.findIndex((entry) => entry.type === 'freeze')).toBeLessThan(
      lifecycle.log.findIndex((entry) => entry.type === 'resume'),
    );
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('refuses to freeze a page Playwright keeps visible, instead of silently not freezing it', async () => {
    const group = await suite.openTabGroup();
    const tab = await group.openTab();

    await expect(tab.setLifecycleState('frozen')).rejects.toThrow('openTabbedGroup()');
  });
});
