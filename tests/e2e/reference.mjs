// What the reference page (/work/shared/reference/square-post-fr.txt, DESIGN.md §2) shows, as
// the browser tests check it.

/// The footer's language switcher: locale tag and name, in the reference page's order.
export const LOCALES = [
  ['zh-CN', '简体中文'],
  ['en', 'English'],
  ['vi', 'Tiếng Việt'],
  ['zh-TW', '繁體中文'],
  ['es', 'Español'],
  ['ru', 'Русский'],
  ['fr', 'Français (Afrique)'],
  ['pt-PT', 'Português (Portugal)'],
  ['id', 'Bahasa Indonesia'],
  ['ja', '日本語'],
  ['ar', 'بالعربية'],
  ['uk', 'Українська'],
  ['pt-BR', 'Português (Brasil)'],
];

/// The promo block appears only when the operator sets site.promo_url; the browser tests set it.
export const PROMO_URL = 'https://plaza.example/app';
