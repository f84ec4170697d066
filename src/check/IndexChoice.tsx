import { INDEXES, type IndexOrigin } from '../shared/project-page.js';
import { indexHost } from '../ui/format.js';

/** Which index to ask for the provenance: pypi.org, or test.pypi.org on request. */
export function IndexChoice(props: { index: IndexOrigin; onChange: (index: IndexOrigin) => void }) {
  return (
    <fieldset class="index-choice">
      <legend>Look the provenance up on</legend>
      {INDEXES.map((index) => (
        <label key={index} class="index-option">
          <input
            type="radio"
            name="index"
            value={index}
            checked={props.index === index}
            onChange={() => props.onChange(index)}
          />{' '}
          {indexHost(index)}
        </label>
      ))}
    </fieldset>
  );
}
