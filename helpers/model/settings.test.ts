import { describe, expect, it } from 'vitest';
import { checkSettings, positiveNumberSetting } from './settings.ts';

describe('checkSettings', () => {
  it('accepts unset and well-formed settings', () => {
    expect(checkSettings({})).toEqual([]);
    expect(checkSettings({ LAB_PROBE_RATE: '50', LAB_PROBE_TIMEOUT_MS: '300', LAB_BUDGET_SCALE: '0.5', LAB_KEEP: '1' })).toEqual([]);
    expect(checkSettings({ LAB_GUARDIAN: 'box:4242' })).toEqual([]);
  });

  it('names a guardian that is not host:pid', () => {
    expect(checkSettings({ LAB_GUARDIAN: '4242' })).toEqual(['LAB_GUARDIAN="4242" is not host:pid (the process that answers for this run\'s leftovers, e.g. $(hostname):$$)']);
    expect(checkSettings({ LAB_GUARDIAN: 'box:0' })).toHaveLength(1);
  });

  it('names every mistyped setting and its value, all at once', () => {
    expect(checkSettings({ LAB_PROBE_RATE: 'abc', LAB_PROBE_TIMEOUT_MS: '-5', LAB_BUDGET_SCALE: '0', LAB_KEEP: 'yes' })).toEqual([
      'LAB_PROBE_RATE="abc" is not a positive number (new connections per second, e.g. 50)',
      'LAB_PROBE_TIMEOUT_MS="-5" is not a positive number (a request timeout in ms, e.g. 300)',
      'LAB_BUDGET_SCALE="0" is not a positive number (a factor on every wait budget, e.g. 2 on a slow machine)',
      'LAB_KEEP="yes" is not 0 or 1',
    ]);
  });

  it('reads a positive number, undefined when unset, NaN when wrong', () => {
    expect(positiveNumberSetting({ X: '2.5' }, 'X')).toBe(2.5);
    expect(positiveNumberSetting({}, 'X')).toBeUndefined();
    expect(positiveNumberSetting({ X: 'Infinity' }, 'X')).toBeNaN();
  });
});
