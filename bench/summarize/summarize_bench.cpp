// Google Benchmark of the extractive engine: a 1,000-word news article (written for this
// benchmark, not taken from any corpus), in the product's mode (2–3 sentences within 400
// characters) and in the evaluation's (3 sentences); and the cost cap on a 50,000-character body.
//
//   summarize_bench --benchmark_repetitions=10 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "summarize/extractive.hpp"

namespace {

constexpr const char* kTitle =
    "Bitcoin climbs past previous high as exchange inflows slow and options traders turn bullish";

// 1,013 words (wc -w), 40 sentences, one a line as in a post's plain text.
constexpr const char* kBody =
    R"article(Bitcoin rose to a record on Tuesday as buyers returned after a week of quiet trading, lifting the largest cryptocurrency above the level it reached in March and pulling smaller tokens higher with it.
The move came as data from several exchanges showed that fewer coins were being sent to trading platforms, a sign that holders were less inclined to sell into the rally.
Analysts said the combination of thinner supply on exchanges and steady demand from listed investment funds had left the market short of sellers at the moment the price approached its old peak.
"When the order books are this thin, it does not take much buying to move the price a long way," said a trader at a market-making firm in Singapore, who asked not to be named because he was not authorised to speak to the press.
He added that much of the buying in the past two days had come during Asian hours, when liquidity is usually lower than in the European and American sessions.
Ether, the second-largest token, gained about four percent over the same period, while Solana and several other large tokens rose by between three and seven percent.
Trading volumes across the main spot exchanges were roughly a fifth higher than their average over the previous month, according to figures compiled by a research firm that tracks order flow.
The rally followed a period in which prices had moved in a narrow range for almost three weeks, as investors waited for new figures on inflation in the United States and for comments from central bank officials.
Those figures, published last Thursday, showed consumer prices rising slightly more slowly than economists had expected, which revived hopes that interest rates could start to fall before the end of the year.
Lower interest rates tend to help assets such as cryptocurrencies and technology shares, because they reduce the return that investors can earn on cash and government bonds.
Options markets pointed to growing optimism among professional traders.
The price of contracts that pay out if bitcoin rises further by the end of the quarter has climbed faster than the price of contracts that protect against a fall, a pattern that usually signals expectations of further gains.
Open interest in bitcoin futures, which measures the value of contracts that have not yet been settled, reached its highest level since the spring, according to data from a derivatives exchange.
Some analysts warned that the rise in leverage could make the market more fragile if prices were to turn.
"A lot of the recent move has been driven by futures, and that cuts both ways," said the head of research at a digital asset manager in London.
"If the price slips by five or ten percent, we could see a wave of forced selling as leveraged long positions are closed, and that can happen very quickly."
She said that funding rates, the periodic payments that traders holding perpetual futures make to one another, had risen to levels that in the past had come before sharp corrections.
Still, she said the longer-term picture remained positive, pointing to steady inflows into exchange-traded funds that hold bitcoin directly.
Those funds have taken in several billion dollars since the start of the year, and their holdings now make up a meaningful share of all the bitcoin in circulation.
Flows into the funds were positive on eight of the last ten trading days, according to figures published by the fund managers.
The largest fund by assets reported its biggest single-day inflow in two months on Monday, a figure that several traders cited as a reason for the renewed strength in the market.
Not every indicator was as encouraging.
The number of active addresses on the bitcoin network, a rough measure of how many people are using it, has been flat for several months, and fees paid to miners remain well below their peak.
Critics of the industry argue that the rally owes more to speculation than to any growth in the use of cryptocurrencies for payments or other practical purposes.
Regulators have also continued to press the industry on consumer protection.
Last month, a European supervisor published draft rules that would require trading platforms to hold customer assets separately from their own and to publish regular reports on their reserves.
In the United States, a congressional committee is expected to debate a bill that would set out which agency oversees different types of digital assets, a question that has divided lawmakers for years.
Industry groups have broadly welcomed the effort to write clearer rules, though some have objected to the cost of the reporting requirements that the proposals would impose.
Mining companies, whose shares often move with the price of bitcoin, also rose on Tuesday.
Several listed miners gained more than ten percent, helped by the higher price and by lower energy costs in some of the regions where they operate.
For now, traders said they would be watching whether bitcoin can hold above its previous record for more than a few days.
In the past, breaks above old highs have sometimes been followed by quick reversals, as investors who bought near the top rushed to sell once they had recovered their losses.
"The first test is whether the old high becomes a floor," said the Singapore trader.
"If it does, the market will start to talk about much higher targets, and that kind of talk tends to bring in new buyers on its own."
Others were more cautious, noting that prices had risen by more than half since the start of the year and that a period of consolidation would be healthy.
Whatever happens next, the rally has already revived interest in the sector among retail investors, judging by the number of new accounts opened at the largest trading apps over the past week.
One of those apps said sign-ups had doubled compared with the same week last month, with most of the new users coming from Europe and South America.)article";

plaza::summarize::SummaryRequest Request(int sentences) {
  plaza::summarize::SummaryRequest request;
  request.title = kTitle;
  request.body = kBody;
  request.lang = "en";
  request.sentences = sentences;
  return request;
}

void Summarize(benchmark::State& state, const plaza::summarize::SummaryRequest& request) {
  plaza::summarize::ExtractiveSummarizer engine;
  // The first call builds the language profile (ICU iterators, stopwords); workers keep theirs.
  if (!engine.Summarize(request).value()) {
    state.SkipWithError("no summary");
    return;
  }
  for (auto _ : state) {
    auto summary = engine.Summarize(request);
    benchmark::DoNotOptimize(summary);
  }
}

void BM_Extractive1000Words(benchmark::State& state) { Summarize(state, Request(0)); }
BENCHMARK(BM_Extractive1000Words)->Unit(benchmark::kMicrosecond);

void BM_Extractive1000WordsThreeSentences(benchmark::State& state) { Summarize(state, Request(3)); }
BENCHMARK(BM_Extractive1000WordsThreeSentences)->Unit(benchmark::kMicrosecond);

// The largest post body (50,000 characters): the article repeated, every sentence a line.
void BM_Extractive50000Characters(benchmark::State& state) {
  plaza::summarize::SummaryRequest request = Request(0);
  request.body.clear();
  while (request.body.size() < 50'000) {
    request.body += kBody;
    request.body += "\n";
  }
  request.body.resize(50'000);
  Summarize(state, request);
}
BENCHMARK(BM_Extractive50000Characters)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
