#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store_contract.hpp"

namespace plaza::storage_test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr std::int64_t kLease = 30 * kMicrosPerSecond;

class SummaryStoreContract : public StoreContract {
 protected:
  Summary MakeSummary(std::int64_t post_id, int revision, const std::string& text) {
    Summary summary;
    summary.post_id = post_id;
    summary.revision = revision;
    summary.status = SummaryStatus::kReady;
    summary.text = text;
    summary.lang = "en";
    summary.engine = "extractive";
    summary.updated_at = clock_.Now();
    return summary;
  }

  Post EditPost(const Post& post, const std::string& title) {
    clock_.Advance(std::chrono::seconds(1));
    PostEdit edit;
    edit.post_id = post.id;
    edit.expected_revision = post.revision;
    edit.content = Content(title);
    edit.edited_at = clock_.Now();
    return Must(posts().Edit(edit));
  }

  static std::vector<int> Revisions(const std::vector<Summary>& items) {
    std::vector<int> revisions;
    for (const auto& s : items) revisions.push_back(s.revision);
    return revisions;
  }
};

TEST_P(SummaryStoreContract, ForPostReturnsWhatPutStored) {
  const Post post = AddPost(AddUser("alice").id, "Why $BTC");
  Summary input = MakeSummary(post.id, 1, "First sentence.\nSecond sentence.");
  input.lang = "fr";
  input.engine = "llm:small";
  Must(summaries().Put(input, std::nullopt));

  const auto stored = Must(summaries().ForPost(post.id));
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].post_id, post.id);
  EXPECT_EQ(stored[0].revision, 1);
  EXPECT_EQ(stored[0].status, SummaryStatus::kReady);
  EXPECT_EQ(stored[0].text, "First sentence.\nSecond sentence.");
  EXPECT_EQ(stored[0].lang, "fr");
  EXPECT_EQ(stored[0].engine, "llm:small");
  EXPECT_EQ(stored[0].updated_at, input.updated_at);
}

TEST_P(SummaryStoreContract, PutAgainReplacesTheSummaryOfThatRevision) {
  const Post post = AddPost(AddUser("alice").id, "Hello");
  Must(summaries().Put(MakeSummary(post.id, 1, "Old."), std::nullopt));
  clock_.Advance(std::chrono::seconds(5));
  Summary none = MakeSummary(post.id, 1, "");
  none.status = SummaryStatus::kNone;
  Must(summaries().Put(none, std::nullopt));

  const auto stored = Must(summaries().ForPost(post.id));
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].status, SummaryStatus::kNone);
  EXPECT_EQ(stored[0].text, "");
  EXPECT_EQ(stored[0].updated_at, none.updated_at);
}

TEST_P(SummaryStoreContract, ForPostListsNewestRevisionFirstAndOnlyThatPost) {
  const User alice = AddUser("alice");
  Post post = AddPost(alice.id, "One");
  const Post other = AddPost(alice.id, "Other");
  post = EditPost(post, "Two");
  post = EditPost(post, "Three");
  Must(summaries().Put(MakeSummary(post.id, 2, "Two."), std::nullopt));
  Must(summaries().Put(MakeSummary(post.id, 1, "One."), std::nullopt));
  Summary failed = MakeSummary(post.id, 3, "");
  failed.status = SummaryStatus::kFailed;
  Must(summaries().Put(failed, std::nullopt));
  Must(summaries().Put(MakeSummary(other.id, 1, "Other."), std::nullopt));

  const auto stored = Must(summaries().ForPost(post.id));
  EXPECT_THAT(Revisions(stored), ElementsAre(3, 2, 1));
  EXPECT_EQ(stored[0].status, SummaryStatus::kFailed);
  EXPECT_EQ(stored[1].text, "Two.");
}

TEST_P(SummaryStoreContract, ForPostWithoutSummariesIsEmpty) {
  const Post post = AddPost(AddUser("alice").id, "Hello");
  EXPECT_THAT(Must(summaries().ForPost(post.id)), IsEmpty());
  EXPECT_THAT(Must(summaries().ForPost(424242)), IsEmpty());
}

TEST_P(SummaryStoreContract, PutOnAMissingOrDeletedPostIsNotFound) {
  const Post post = AddPost(AddUser("alice").id, "Hello");
  Must(posts().Delete(post.id, clock_.Now()));

  auto deleted = summaries().Put(MakeSummary(post.id, 1, "Late."), std::nullopt);
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().code, Errc::kNotFound);
  auto missing = summaries().Put(MakeSummary(424242, 1, "Nobody."), std::nullopt);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::kNotFound);
  EXPECT_THAT(Must(summaries().ForPost(post.id)), IsEmpty());
}

TEST_P(SummaryStoreContract, PutOfARevisionThePostDoesNotHaveIsNotFound) {
  const Post post = AddPost(AddUser("alice").id, "Hello");
  auto future = summaries().Put(MakeSummary(post.id, 2, "Future."), std::nullopt);
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().code, Errc::kNotFound);
  EXPECT_EQ(future.error().field, "revision");
  auto zero = summaries().Put(MakeSummary(post.id, 0, "Zero."), std::nullopt);
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().code, Errc::kInvalidArgument);
  EXPECT_THAT(Must(summaries().ForPost(post.id)), IsEmpty());
}

TEST_P(SummaryStoreContract, DeletingAPostDeletesItsSummaries) {
  const User alice = AddUser("alice");
  Post post = AddPost(alice.id, "One");
  const Post other = AddPost(alice.id, "Other");
  post = EditPost(post, "Two");
  Must(summaries().Put(MakeSummary(post.id, 1, "One."), std::nullopt));
  Must(summaries().Put(MakeSummary(post.id, 2, "Two."), std::nullopt));
  Must(summaries().Put(MakeSummary(other.id, 1, "Other."), std::nullopt));

  Must(posts().Delete(post.id, clock_.Now()));
  EXPECT_THAT(Must(summaries().ForPost(post.id)), IsEmpty());
  EXPECT_THAT(Revisions(Must(summaries().ForPost(other.id))), ElementsAre(1));
  Must(posts().Delete(post.id, clock_.Now()));  // deleting again is still fine
}

TEST_P(SummaryStoreContract, PutWithATicketCompletesTheJobInTheSameWrite) {
  const User alice = AddUser("alice");
  NewPost input = MakePost(alice.id, "Hello");
  input.jobs = {{"summary", 5}};
  const Post post = Must(posts().Create(input));
  auto claimed = Must(jobs().Claim("w1", {"summary"}, 10, clock_.Now(), kLease));
  ASSERT_EQ(claimed.size(), 1u);

  clock_.Advance(std::chrono::seconds(2));
  Must(summaries().Put(MakeSummary(post.id, 1, "Done."), JobTicket{claimed[0].id, "w1"}));
  const Job job = Must(jobs().Get(claimed[0].id));
  EXPECT_EQ(job.state, JobState::kDone);
  EXPECT_EQ(job.updated_at, clock_.Now());
  EXPECT_EQ(job.lease_owner, "");
  EXPECT_EQ(Must(summaries().ForPost(post.id)).size(), 1u);
}

TEST_P(SummaryStoreContract, PutWithAStaleTicketStoresTheSummaryAndLeavesTheJob) {
  const User alice = AddUser("alice");
  NewPost input = MakePost(alice.id, "Hello");
  input.jobs = {{"summary", 5}};
  const Post post = Must(posts().Create(input));
  const Timestamp start = clock_.Now();
  auto first = Must(jobs().Claim("w1", {}, 1, start, kLease));
  ASSERT_EQ(first.size(), 1u);
  auto second = Must(jobs().Claim("w2", {}, 1, start + kLease + 1, kLease));
  ASSERT_EQ(second.size(), 1u);

  Must(summaries().Put(MakeSummary(post.id, 1, "Late."), JobTicket{first[0].id, "w1"}));
  EXPECT_EQ(Must(summaries().ForPost(post.id)).at(0).text, "Late.");
  const Job job = Must(jobs().Get(first[0].id));
  EXPECT_EQ(job.state, JobState::kRunning);
  EXPECT_EQ(job.lease_owner, "w2");
}

TEST_P(SummaryStoreContract, PutOnADeletedPostLeavesTheJobRunning) {
  const User alice = AddUser("alice");
  NewPost input = MakePost(alice.id, "Hello");
  input.jobs = {{"summary", 5}};
  const Post post = Must(posts().Create(input));
  auto claimed = Must(jobs().Claim("w1", {}, 1, clock_.Now(), kLease));
  ASSERT_EQ(claimed.size(), 1u);
  Must(posts().Delete(post.id, clock_.Now()));

  ASSERT_FALSE(summaries().Put(MakeSummary(post.id, 1, "x"), JobTicket{claimed[0].id, "w1"}));
  EXPECT_EQ(Must(jobs().Get(claimed[0].id)).state, JobState::kRunning);
}

TEST_P(SummaryStoreContract, PutRefusesTextThatIsNotUtf8) {
  const Post post = AddPost(AddUser("alice").id, "Hello");
  const std::string bad = "bad\xed\xa0\x80";
  for (const char* field : {"text", "lang", "engine"}) {
    Summary summary = MakeSummary(post.id, 1, "ok");
    if (std::string(field) == "text") summary.text = bad;
    if (std::string(field) == "lang") summary.lang = std::string("e\0n", 3);
    if (std::string(field) == "engine") summary.engine = bad;
    auto put = summaries().Put(summary, std::nullopt);
    ASSERT_FALSE(put) << field;
    EXPECT_EQ(put.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(put.error().field, field);
  }
  auto bad_owner = summaries().Put(MakeSummary(post.id, 1, "ok"), JobTicket{1, bad});
  ASSERT_FALSE(bad_owner);
  EXPECT_EQ(bad_owner.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(bad_owner.error().field, "owner");
  EXPECT_THAT(Must(summaries().ForPost(post.id)), IsEmpty());
}

PLAZA_STORE_CONTRACT(SummaryStoreContract);

}  // namespace
}  // namespace plaza::storage_test
