#include <gtest/gtest.h>

#include "store_contract.hpp"

namespace plaza::storage_test {
namespace {

constexpr std::int64_t kLease = 30 * kMicrosPerSecond;

class TranslationStoreContract : public StoreContract {
 protected:
  Translation MakeTranslation(const std::string& text) {
    Translation translation;
    translation.key = {std::string(64, 'a'), "en", "fr", "apertium+apertium"};
    translation.text = text;
    translation.created_at = clock_.Now();
    return translation;
  }
  // `key` with its `part`-th part (0 hash, 1 language, 2 target, 3 engine) changed.
  static TranslationKey ChangedIn(TranslationKey key, int part) {
    if (part == 0) key.source_hash = std::string(64, 'b');
    if (part == 1) key.source_lang = "es";
    if (part == 2) key.target = "pt-PT";
    if (part == 3) key.engine = "llm";
    return key;
  }
  // Stores MakeTranslation(text) with `target`; returns it.
  Translation PutInto(const std::string& text, const std::string& target) {
    Translation translation = MakeTranslation(text);
    translation.key.target = target;
    Must(translations().Put(translation, std::nullopt));
    return translation;
  }
};

TEST_P(TranslationStoreContract, GetReturnsWhatPutStored) {
  const Translation input = MakeTranslation("Bonjour **le monde**");
  Must(translations().Put(input, std::nullopt));

  const auto stored = Must(translations().Get(input.key));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->key.source_hash, input.key.source_hash);
  EXPECT_EQ(stored->key.source_lang, "en");
  EXPECT_EQ(stored->key.target, "fr");
  EXPECT_EQ(stored->key.engine, "apertium+apertium");
  EXPECT_EQ(stored->text, "Bonjour **le monde**");
  EXPECT_EQ(stored->created_at, input.created_at);
}

TEST_P(TranslationStoreContract, EveryKeyPartTellsTranslationsApart) {
  const Translation base = PutInto("un", "fr");
  // pt-PT and pt-BR are kept apart, and so are engines: a new engine translates again.
  const Translation other = PutInto("dos", "pt-BR");

  for (int part = 0; part < 4; ++part) {
    EXPECT_FALSE(Must(translations().Get(ChangedIn(base.key, part))).has_value()) << part;
  }
  EXPECT_EQ(Must(translations().Get(base.key))->text, "un");
  EXPECT_EQ(Must(translations().Get(other.key))->text, "dos");
}

// A page of comments reads its translations at once: each key gets exactly Get's answer.
TEST_P(TranslationStoreContract, GetManyAnswersEachKeyAsGetDoes) {
  const Translation base = PutInto("un", "fr");
  const Translation other = PutInto("dos", "pt-BR");
  Translation third = MakeTranslation("trois");
  third.key.source_hash = std::string(64, 'c');
  Must(translations().Put(third, std::nullopt));

  std::vector<TranslationKey> keys;
  keys.push_back(third.key);
  for (int part = 0; part < 4; ++part) keys.push_back(ChangedIn(base.key, part));  // none
  keys.push_back(base.key);
  keys.push_back(other.key);
  keys.push_back(base.key);  // twice: answered twice
  TranslationKey unstorable = base.key;
  unstorable.target = std::string("f\0r", 3);
  keys.push_back(unstorable);

  const auto found = Must(translations().GetMany(keys));
  ASSERT_EQ(found.size(), keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto one = Must(translations().Get(keys[i]));
    ASSERT_EQ(found[i].has_value(), one.has_value()) << i;
    if (one) {
      EXPECT_EQ(found[i]->text, one->text) << i;
      EXPECT_EQ(found[i]->key.target, keys[i].target) << i;
    }
  }
  EXPECT_EQ(found[0]->text, "trois");
  EXPECT_EQ(found[5]->text, "un");
  EXPECT_EQ(found[6]->text, "dos");
  EXPECT_FALSE(found[9].has_value());

  EXPECT_TRUE(Must(translations().GetMany({})).empty());
  const auto too_many = translations().GetMany(std::vector<TranslationKey>(101, base.key));
  ASSERT_FALSE(too_many.has_value());
  EXPECT_EQ(too_many.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(too_many.error().field, "keys");
}

TEST_P(TranslationStoreContract, PutAgainReplacesTheText) {
  Must(translations().Put(MakeTranslation("old"), std::nullopt));
  clock_.Advance(std::chrono::seconds(3));
  const Translation again = MakeTranslation("new");
  Must(translations().Put(again, std::nullopt));
  const auto stored = Must(translations().Get(again.key));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->text, "new");
  EXPECT_EQ(stored->created_at, again.created_at);
}

TEST_P(TranslationStoreContract, PutWithATicketCompletesTheJobInTheSameWrite) {
  Must(jobs().Enqueue(NewJob{"translate", "k1", "{}", 5, 0}, clock_.Now()));
  auto claimed = Must(jobs().Claim("w1", {"translate"}, 10, clock_.Now(), kLease));
  ASSERT_EQ(claimed.size(), 1u);
  clock_.Advance(std::chrono::seconds(2));
  Must(translations().Put(MakeTranslation("fait"), JobTicket{claimed[0].id, "w1"}));
  const Job job = Must(jobs().Get(claimed[0].id));
  EXPECT_EQ(job.state, JobState::kDone);
  EXPECT_EQ(job.lease_owner, "");
}

TEST_P(TranslationStoreContract, PutWithAStaleTicketStoresAndLeavesTheJob) {
  Must(jobs().Enqueue(NewJob{"translate", "k1", "{}", 5, 0}, clock_.Now()));
  const Timestamp start = clock_.Now();
  auto first = Must(jobs().Claim("w1", {}, 1, start, kLease));
  ASSERT_EQ(first.size(), 1u);
  auto second = Must(jobs().Claim("w2", {}, 1, start + kLease + 1, kLease));
  ASSERT_EQ(second.size(), 1u);
  const Translation late = MakeTranslation("tard");
  Must(translations().Put(late, JobTicket{first[0].id, "w1"}));
  EXPECT_EQ(Must(translations().Get(late.key))->text, "tard");
  EXPECT_EQ(Must(jobs().Get(first[0].id)).lease_owner, "w2");
}

TEST_P(TranslationStoreContract, RefusesEmptyKeysAndTextThatIsNotUtf8) {
  const std::string bad = "bad\xed\xa0\x80";
  for (const char* field : {"source_hash", "source_lang", "target", "engine", "text"}) {
    for (const std::string& value : {std::string(), bad, std::string("e\0n", 3)}) {
      if (std::string(field) == "text" && value.empty()) continue;  // an empty text is storable
      Translation translation = MakeTranslation("ok");
      if (std::string(field) == "source_hash") translation.key.source_hash = value;
      if (std::string(field) == "source_lang") translation.key.source_lang = value;
      if (std::string(field) == "target") translation.key.target = value;
      if (std::string(field) == "engine") translation.key.engine = value;
      if (std::string(field) == "text") translation.text = value;
      auto put = translations().Put(translation, std::nullopt);
      ASSERT_FALSE(put) << field;
      EXPECT_EQ(put.error().code, Errc::kInvalidArgument) << field;
      EXPECT_EQ(put.error().field, field);
    }
  }
}

TEST_P(TranslationStoreContract, GetOfAnUnstorableKeyIsNone) {
  TranslationKey key = MakeTranslation("x").key;
  key.target = std::string("f\0r", 3);
  EXPECT_FALSE(Must(translations().Get(key)).has_value());
}

TEST_P(TranslationStoreContract, KeepsLongTextsAndEveryScript) {
  Translation big = MakeTranslation("");
  for (int i = 0; i < 2000; ++i) big.text += "Ceci est une phrase. مرحبا 你好 🚀 \u202e\n";
  Must(translations().Put(big, std::nullopt));
  EXPECT_EQ(Must(translations().Get(big.key))->text, big.text);
}

PLAZA_STORE_CONTRACT(TranslationStoreContract);

}  // namespace
}  // namespace plaza::storage_test
