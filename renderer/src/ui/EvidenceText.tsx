// Evidence text as React text nodes with control characters made visible (text/evidence-text.ts).
// Never innerHTML: `<script>` in a command is shown as the characters `<script>`.
import { visualiseControls } from '../text/evidence-text.js';

export interface EvidenceTextProps {
  text: string;
  className?: string;
}

export function EvidenceText({ text, className }: Readonly<EvidenceTextProps>) {
  const parts = visualiseControls(text);
  return (
    <span className={className}>
      {parts.map((part, i) =>
        part.control ? (
          <span key={i} className="ctl" title="control character">
            {part.text}
          </span>
        ) : (
          part.text
        ),
      )}
    </span>
  );
}
