#include "storage/encoding.hpp"

#include <gtest/gtest.h>

#include <string>

namespace plaza::storage {
namespace {

TEST(StorableText, AcceptsAsciiAndMultiByteUtf8) {
  EXPECT_TRUE(IsStorableText(""));
  EXPECT_TRUE(IsStorableText("plain ascii"));
  EXPECT_TRUE(IsStorableText("é ü 中文 🚀 \xf4\x8f\xbf\xbf"));
}

TEST(StorableText, RefusesNul) { EXPECT_FALSE(IsStorableText(std::string("a\0b", 3))); }

TEST(StorableText, RefusesMalformedSequences) {
  EXPECT_FALSE(IsStorableText("\x80"));              // lone continuation byte
  EXPECT_FALSE(IsStorableText("\xc3"));              // truncated
  EXPECT_FALSE(IsStorableText("\xc3\x28"));          // bad continuation
  EXPECT_FALSE(IsStorableText("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsStorableText("\xe0\x80\xaf"));      // overlong, three bytes
  EXPECT_FALSE(IsStorableText("\xed\xa0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(IsStorableText("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsStorableText("\xff"));
}

TEST(StoredNames, RoundTripEveryEnumValue) {
  for (auto v : {PostStatus::kLive, PostStatus::kDeleted, PostStatus::kHidden}) {
    EXPECT_EQ(ParsePostStatus(PostStatusName(v)), v);
  }
  for (auto v : {Role::kMember, Role::kAdmin}) EXPECT_EQ(ParseRole(RoleName(v)), v);
  for (auto v : {LangSource::kDetected, LangSource::kAuthor}) {
    EXPECT_EQ(ParseLangSource(LangSourceName(v)), v);
  }
  for (auto v : {SessionKind::kBrowser, SessionKind::kApiToken}) {
    EXPECT_EQ(ParseSessionKind(SessionKindName(v)), v);
  }
  EXPECT_FALSE(ParsePostStatus("LIVE"));
}

TEST(StoredNames, JobStatesAndSummaryStatusesRoundTrip) {
  for (auto v : {JobState::kQueued, JobState::kRunning, JobState::kDone, JobState::kDead}) {
    EXPECT_EQ(ParseJobState(JobStateName(v)), v);
  }
  EXPECT_STREQ(JobStateName(JobState::kRunning), "running");
  EXPECT_FALSE(ParseJobState("Running"));
  EXPECT_FALSE(ParseJobState(""));
  for (auto v : {SummaryStatus::kReady, SummaryStatus::kNone, SummaryStatus::kFailed}) {
    EXPECT_EQ(ParseSummaryStatus(SummaryStatusName(v)), v);
  }
  EXPECT_STREQ(SummaryStatusName(SummaryStatus::kNone), "none");
  EXPECT_FALSE(ParseSummaryStatus("done"));
}

TEST(JobErrorText, KeepsShortErrorsWhole) {
  EXPECT_EQ(JobErrorText("timeout"), "timeout");
  const std::string exact(kMaxJobErrorBytes, 'x');
  EXPECT_EQ(JobErrorText(exact), exact);
}

TEST(JobErrorText, CutsLongErrorsBeforeASplitSequence) {
  // A 4-byte sequence starting at byte 998 would be split by a cut at 1000.
  const std::string error = std::string(998, 'x') + "\xf0\x9f\x9a\x80" + "tail";
  EXPECT_EQ(JobErrorText(error), std::string(998, 'x'));
  const std::string ascii(1500, 'y');
  EXPECT_EQ(JobErrorText(ascii), std::string(kMaxJobErrorBytes, 'y'));
}

TEST(JobErrorText, RefusesInvalidUtf8) {
  auto text = JobErrorText("bad \xc3");
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(text.error().field, "error");
}

TEST(RevisionJobKey, NamesPostAndRevision) { EXPECT_EQ(RevisionJobKey(42, 3), "post:42:3"); }

TEST(ListLimit, ClampsLargeLimitsAndRefusesSmallOnes) {
  EXPECT_EQ(CheckListLimit(1), 1);
  EXPECT_EQ(CheckListLimit(kMaxListLimit + 5), kMaxListLimit);
  ASSERT_FALSE(CheckListLimit(0));
  EXPECT_EQ(CheckListLimit(-3).error().code, Errc::kInvalidArgument);
}

}  // namespace
}  // namespace plaza::storage
