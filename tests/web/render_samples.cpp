// Dev-only: renders sample pages with the embedded static files into a directory, so that a
// browser can look at them (python3 -m http.server in that directory), and times the post page.
//   web_render_samples <out_dir> [iterations]
#include <atomic>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "sample_data.hpp"
#include "web/assets.hpp"

using namespace plaza;
using namespace plaza::web;

namespace {

void Write(const std::filesystem::path& path, std::string_view body) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << body;
}

// CPU time of this thread: the machine is shared, so wall time would measure the neighbours.
double ThreadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

double MicrosPerRender(const PageContext& ctx, const Post& post, int iterations) {
  double start = ThreadCpuMicros();
  std::size_t bytes = 0;
  for (int i = 0; i < iterations; ++i) bytes += RenderPost(ctx, post).size();
  if (bytes == 0) std::cerr << "nothing rendered\n";
  return (ThreadCpuMicros() - start) / iterations;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: web_render_samples <out_dir> [iterations]\n";
    return 2;
  }
  std::filesystem::path out = argv[1];
  int iterations = argc > 2 ? std::atoi(argv[2]) : 20000;

  for (const web::Asset& a : AllAssets()) {
    if (a.path.starts_with("static/")) Write(out / a.path, a.body);
  }

  SiteSettings site = testing::SampleSite();
  Post post = testing::SamplePost();
  User author = testing::SampleAuthor();
  User reader = testing::SampleReader();
  Post second = post;
  second.id = 41;
  second.slug = "btc-weekly";
  second.title = "$BTC weekly: funding flips negative while spot demand holds";
  second.body_html =
      "<p>Perpetual funding turned negative on most venues this week while spot volumes stayed "
      "firm. Historically that mix has preceded short squeezes.</p>";
  second.cashtags = {"BTC", "ETH"};
  second.edited_at = 0;

  auto page = [&](const std::string& name, const std::string& html) { Write(out / name, html); };
  page("post.html", RenderPost(testing::Context(site, "en", std::nullopt), post));
  page("post-author.html", RenderPost(testing::Context(site, "en", author), post));
  page("post-reader.html", RenderPost(testing::Context(site, "en", reader), post));
  page("post-ar.html", RenderPost(testing::Context(site, "ar", std::nullopt), post));
  page("home.html", RenderHome(testing::Context(site, "en", reader, "/"),
                               testing::CardsOf({post, second}), std::string("41")));
  page("home-empty.html",
       RenderHome(testing::Context(site, "en", std::nullopt, "/"), {}, std::nullopt));
  page("profile.html", RenderProfile(testing::Context(site, "en", std::nullopt, "/u/marta_k"),
                                     author, testing::CardsOf({post, second}), std::nullopt));
  page("compose.html",
       RenderCompose(
           testing::Context(site, "en", author, "/compose"), std::nullopt,
           FormState{{{"title", "Hello"}}, "Please write something in your post.", "body"}));
  page("compose-edit.html",
       RenderCompose(testing::Context(site, "en", author, "/compose"), post, {}));
  page("login.html", RenderLogin(testing::Context(site, "en", std::nullopt, "/login"),
                                 FormState{{{"handle", "marta_k"}, {"next", "/p/42"}},
                                           "The handle or password is not right.",
                                           "password"}));
  page("register.html",
       RenderRegister(testing::Context(site, "en", std::nullopt, "/register"), {}));
  page("error-404.html", RenderError(testing::Context(site, "en", std::nullopt, "/x"), 404));
  page("error-500.html", RenderError(testing::Context(site, "en", std::nullopt, "/x"), 500));

  PageContext ctx = testing::Context(site, "en", reader);
  MicrosPerRender(ctx, post, 200);  // warm the caches
  std::cout << "post page: " << RenderPost(ctx, post).size() << " bytes, "
            << MicrosPerRender(ctx, post, iterations) << " us CPU/render (1 thread)\n";
  std::atomic<double> total{0};
  std::vector<std::thread> threads;
  threads.reserve(2);
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      double us = MicrosPerRender(ctx, post, iterations / 2);
      double cur = total.load();
      while (!total.compare_exchange_weak(cur, cur + us)) {
      }
    });
  }
  for (auto& th : threads) th.join();
  std::cout << "post page: " << total.load() / 2 << " us CPU/render (2 threads)\n";
  return 0;
}
