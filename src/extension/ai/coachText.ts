// What @breakfix says itself (no vscode import: the unit tests read these).
export const NO_MODEL_MESSAGE =
  'No language model is available in this VS Code, so @breakfix cannot answer. Install and sign in to a chat extension that provides one, such as GitHub Copilot, then ask again.';

export const USAGE =
  'Ask about your lab, or use **/explain** (the last check, from its evidence), **/hint** (the next hint, counted like Reveal Hint) or **/review** (your postmortem against the measurements). Name a lab first to pick one, e.g. `/explain notification-retry-storm`.';
