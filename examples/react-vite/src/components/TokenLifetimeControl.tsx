import { useSyncExternalStore } from 'react';
import { TOKEN_LIFETIME_CHOICES } from '../config';
import type { TokenLifetimeSetting } from '../tokenLifetime';

const label = (seconds: number) => (seconds < 120 ? `${seconds} s` : `${seconds / 60} min`);

/** Picks how long the fake pool's next ID and access tokens live (shared by the tabs). */
export function TokenLifetimeControl({ setting }: { setting: TokenLifetimeSetting }) {
  const seconds = useSyncExternalStore(setting.subscribe, setting.get);
  const choices: readonly number[] = TOKEN_LIFETIME_CHOICES.includes(
    seconds as (typeof TOKEN_LIFETIME_CHOICES)[number],
  )
    ? TOKEN_LIFETIME_CHOICES
    : [...TOKEN_LIFETIME_CHOICES, seconds].sort((a, b) => a - b);
  return (
    <label className="lifetime">
      Token lifetime of the fake pool
      <select
        data-testid="token-lifetime"
        value={seconds}
        onChange={(event) => setting.set(Number(event.target.value))}
      >
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {label(choice)}
          </option>
        ))}
      </select>
      <span className="hint">applies to the next tokens the pool mints</span>
    </label>
  );
}
