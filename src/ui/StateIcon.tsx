import { iconSrc, type IconState } from './format.js';

/** The state's icon, decorative: a text label always goes with it. Pending spins (CSS). */
export function StateIcon({ state, size = 16 }: { state: IconState; size?: number }) {
  if (state === 'pending')
    return <span class="spinner" style={{ width: `${size}px`, height: `${size}px` }} />;
  return <img class="state-icon" src={iconSrc(state)} alt="" width={size} height={size} />;
}
