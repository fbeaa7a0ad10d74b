#include "posts/lang_detect.hpp"

#include <gtest/gtest.h>

namespace plaza {
namespace {

TEST(DetectContentLang, DetectsEnglish) {
  EXPECT_EQ(DetectContentLang("Why the market is nervous this week",
                              "Traders are watching the central bank closely, and many of them "
                              "expect volatility to rise before the end of the month. The "
                              "question is whether buyers will return once the news is out."),
            "en");
}

TEST(DetectContentLang, DetectsFrench) {
  EXPECT_EQ(DetectContentLang("Pourquoi le marché est nerveux cette semaine",
                              "Les investisseurs surveillent de près la banque centrale, et "
                              "beaucoup d'entre eux s'attendent à une hausse de la volatilité "
                              "avant la fin du mois. La question est de savoir si les acheteurs "
                              "reviendront une fois la nouvelle connue."),
            "fr");
}

TEST(DetectContentLang, DetectsSpanish) {
  EXPECT_EQ(DetectContentLang("Por qué el mercado está nervioso esta semana",
                              "Los inversores vigilan de cerca al banco central, y muchos de "
                              "ellos esperan que la volatilidad aumente antes de fin de mes. La "
                              "pregunta es si los compradores volverán cuando se conozca la "
                              "noticia."),
            "es");
}

TEST(DetectContentLang, DetectsPortuguese) {
  EXPECT_EQ(DetectContentLang("Por que o mercado está nervoso esta semana",
                              "Os investidores estão de olho no banco central, e muitos deles "
                              "esperam que a volatilidade aumente antes do fim do mês. A questão "
                              "é saber se os compradores voltarão quando a notícia for "
                              "divulgada."),
            "pt");
}

TEST(DetectContentLang, DetectsRussian) {
  EXPECT_EQ(DetectContentLang("Почему рынок нервничает на этой неделе",
                              "Инвесторы внимательно следят за центральным банком, и многие из "
                              "них ожидают роста волатильности до конца месяца. Вопрос в том, "
                              "вернутся ли покупатели, когда новость станет известна."),
            "ru");
}

TEST(DetectContentLang, DetectsUkrainian) {
  EXPECT_EQ(DetectContentLang("Чому ринок нервує цього тижня",
                              "Інвестори уважно стежать за центральним банком, і багато хто з "
                              "них очікує зростання волатильності до кінця місяця. Питання в "
                              "тому, чи повернуться покупці, коли новина стане відомою."),
            "uk");
}

TEST(DetectContentLang, DetectsSimplifiedChinese) {
  EXPECT_EQ(DetectContentLang("为什么本周市场如此紧张",
                              "投资者正在密切关注中央银行的动向，许多人预计在月底之前市场波动"
                              "将会加剧。问题在于，消息公布之后买家是否会重新回到市场。"),
            "zh-Hans");
}

TEST(DetectContentLang, DetectsTraditionalChinese) {
  EXPECT_EQ(DetectContentLang("為什麼本週市場如此緊張",
                              "投資者正在密切關注中央銀行的動向，許多人預計在月底之前市場波動"
                              "將會加劇。問題在於，消息公佈之後買家是否會重新回到市場。"),
            "zh-Hant");
}

TEST(DetectContentLang, DetectsJapanese) {
  EXPECT_EQ(DetectContentLang("今週の市場はなぜ神経質なのか",
                              "投資家は中央銀行の動きを注意深く見守っており、その多くは月末まで"
                              "に変動が大きくなると予想しています。問題は、ニュースが発表された"
                              "後に買い手が戻ってくるかどうかです。"),
            "ja");
}

TEST(DetectContentLang, DetectsArabic) {
  EXPECT_EQ(DetectContentLang("لماذا السوق متوتر هذا الأسبوع",
                              "يراقب المستثمرون البنك المركزي عن كثب، ويتوقع كثير منهم ارتفاع "
                              "التقلبات قبل نهاية الشهر. والسؤال هو ما إذا كان المشترون سيعودون "
                              "بعد الإعلان عن الخبر."),
            "ar");
}

TEST(DetectContentLang, GivesUndForTooLittleText) {
  EXPECT_EQ(DetectContentLang("ok", "ok"), "und");
  EXPECT_EQ(DetectContentLang("", ""), "und");
}

TEST(DetectContentLang, IgnoresCodeUrlsAndCashtags) {
  // French prose wrapped in English-looking noise: code, links, URLs and cashtags.
  EXPECT_EQ(DetectContentLang("$BTC $ETH $SOL",
                              "```\nfunction getTheLatestPriceFromTheExchange() { return "
                              "fetchTheLatestPriceFromTheServer(); }\n```\n\n"
                              "Les investisseurs surveillent de près la banque centrale "
                              "([the full English report](https://example.com/the-english-"
                              "report-about-markets)), et beaucoup d'entre eux s'attendent à une "
                              "hausse de la volatilité avant la fin du mois. "
                              "https://example.com/markets/the-weekly-english-summary-page"),
            "fr");
}

TEST(DetectContentLang, GivesUndForInvalidUtf8) {
  EXPECT_EQ(DetectContentLang("Why the market is nervous this week \xFF", "text"), "und");
}

TEST(IsKnownContentLang, KnowsTheContentCodesOfTheLocales) {
  for (const char* code :
       {"en", "zh-Hans", "zh-Hant", "vi", "es", "ru", "fr", "pt", "id", "ja", "ar", "uk", "und"}) {
    EXPECT_TRUE(IsKnownContentLang(code)) << code;
  }
}

TEST(IsKnownContentLang, RefusesLocaleTagsAndOtherCodes) {
  for (const char* code : {"", "zh", "zh-CN", "pt-BR", "EN", "de", "en ", "xx"}) {
    EXPECT_FALSE(IsKnownContentLang(code)) << code;
  }
}

}  // namespace
}  // namespace plaza
