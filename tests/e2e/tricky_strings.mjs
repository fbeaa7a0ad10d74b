// Strings that are one user-perceived character (one extended grapheme cluster) however many
// code points they hold: the composer's counter and the server must both count each as one.
// `invisible` ones draw nothing: a comment of only them is empty. `body(t, n)` is n clusters.

export function body({ text, invisible }, n) {
  return invisible ? 'x' + text.repeat(n - 1) : text.repeat(n);
}

export const TRICKY = [
  { name: 'ASCII letter', text: 'a' },
  { name: 'emoji with a skin tone', text: '👋🏽' },
  { name: 'ZWJ family', text: '👨‍👩‍👧‍👦' },
  { name: 'flag', text: '🇫🇷' },
  { name: 'subdivision flag (tag sequence)', text: '🏴󠁧󠁢󠁳󠁣󠁴󠁿' },
  { name: 'letter with combining marks', text: 'e\u0301\u0323' },
  { name: 'Hangul syllable from jamo', text: '\u1100\u1161\u11a8' },
  { name: 'CR LF', text: '\r\n', invisible: true },
  { name: 'keycap', text: '1\ufe0f\u20e3' },
  { name: 'rainbow flag (ZWJ + VS16)', text: '🏳️‍🌈' },
  { name: 'CJK ideograph', text: '漢' },
  { name: 'Thai with a vowel mark', text: 'กิ' },
];
