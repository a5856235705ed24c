import { useEffect, useId, useRef } from 'preact/hooks';

interface ConfirmProps {
  question: string;
  yes: string;
  no: string;
  onYes: () => void;
  onNo: () => void;
}

/**
 * A yes-or-no asked in place, in the row it is about: the safe answer takes the focus, so a
 * second Enter keeps rather than destroys.
 */
export function Confirm({ question, yes, no, onYes, onNo }: ConfirmProps) {
  const id = useId();
  const safe = useRef<HTMLButtonElement>(null);
  useEffect(() => safe.current?.focus(), []);
  return (
    <div class="confirm" role="group" aria-labelledby={id}>
      <p id={id}>{question}</p>
      <div class="buttons">
        <button type="button" class="button button-danger" onClick={onYes}>
          {yes}
        </button>
        <button type="button" class="button" ref={safe} onClick={onNo}>
          {no}
        </button>
      </div>
    </div>
  );
}
