#include "translate/pipeline_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

extern char** environ;

namespace plaza::translate {
namespace {

constexpr std::size_t kStderrTail = 1024;

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

std::string ErrnoText(int err) { return std::strerror(err); }

// Writing to a pipeline that died raises SIGPIPE; the failed write (EPIPE) is what we handle.
void IgnoreSigpipeOnce() {
  static const bool done = [] {
    struct sigaction current{};
    if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
      ::signal(SIGPIPE, SIG_IGN);
    }
    return true;
  }();
  (void)done;
}

}  // namespace

Result<std::unique_ptr<PipelineProcess>> PipelineProcess::Start(
    const std::vector<std::string>& argv) {
  if (argv.empty()) return Fail(Errc::kInvalidArgument, "no command");
  IgnoreSigpipeOnce();
  std::array<int, 2> in{-1, -1}, out{-1, -1}, err{-1, -1};
  auto close_all = [&] {
    for (auto* p : {&in, &out, &err}) {
      CloseFd((*p)[0]);
      CloseFd((*p)[1]);
    }
  };
  if (::pipe2(in.data(), O_CLOEXEC) != 0 || ::pipe2(out.data(), O_CLOEXEC) != 0 ||
      ::pipe2(err.data(), O_CLOEXEC) != 0) {
    const int e = errno;
    close_all();
    return Fail(Errc::kUnavailable, "pipe: " + ErrnoText(e));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    close_all();
    return Fail(Errc::kUnavailable, "cannot start " + argv[0] + ": " + ErrnoText(rc));
  }
  std::unique_ptr<PipelineProcess> process(new PipelineProcess());
  process->pid_ = pid;
  process->in_ = in[1];
  process->out_ = out[0];
  process->err_ = err[0];
  in[1] = out[0] = err[0] = -1;
  close_all();
  for (int fd : {process->in_, process->out_, process->err_}) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  return process;
}

PipelineProcess::~PipelineProcess() { Kill(); }

void PipelineProcess::Kill() {
  if (pid_ > 0) {
    ::kill(-pid_, SIGKILL);  // the whole group: bash and every stage of the pipeline
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  CloseFd(in_);
  CloseFd(out_);
  CloseFd(err_);
}

void PipelineProcess::ReadStderr() {
  char buffer[4096];
  while (err_ >= 0) {
    const ssize_t n = ::read(err_, buffer, sizeof buffer);
    if (n > 0) {
      stderr_tail_.append(buffer, static_cast<std::size_t>(n));
      if (stderr_tail_.size() > kStderrTail) {
        stderr_tail_.erase(0, stderr_tail_.size() - kStderrTail);
      }
      continue;
    }
    if (n == 0) CloseFd(err_);
    break;  // EAGAIN or an error: nothing more now
  }
}

Result<std::string> PipelineProcess::Exchange(std::string_view request,
                                              std::chrono::steady_clock::time_point deadline) {
  if (!alive()) return Fail(Errc::kUnavailable, "the pipeline is not running");
  auto dead = [this](std::string why) -> Result<std::string> {
    ReadStderr();
    Kill();
    std::string message = std::move(why);
    if (!stderr_tail_.empty()) message += " (stderr: " + stderr_tail_ + ")";
    return Fail(Errc::kUnavailable, std::move(message));
  };
  std::size_t written = 0;
  char buffer[1 << 14];
  while (true) {
    // An answer is complete at the first NUL after some output; NULs before it are left over
    // from earlier answers (each stage of a null-flush pipeline adds its own).
    const std::size_t start = pending_.find_first_not_of('\0');
    if (start == std::string::npos) {
      pending_.clear();
    } else {
      const std::size_t nul = pending_.find('\0', start);
      if (nul != std::string::npos && written == request.size()) {
        std::string answer = pending_.substr(start, nul - start);
        pending_.erase(0, nul + 1);
        return answer;
      }
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return dead("timed out");
    const auto wait =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1;
    std::array<pollfd, 3> fds{};
    nfds_t count = 0;
    fds[count++] = pollfd{out_, POLLIN, 0};
    const bool writing = written < request.size();
    if (writing) fds[count++] = pollfd{in_, POLLOUT, 0};
    const nfds_t err_index = count;
    if (err_ >= 0) fds[count++] = pollfd{err_, POLLIN, 0};
    const int ready =
        ::poll(fds.data(), count, static_cast<int>(std::min<long long>(wait, 60'000)));
    if (ready < 0) {
      if (errno == EINTR) continue;
      return dead("poll: " + ErrnoText(errno));
    }
    if (ready == 0) continue;
    if (err_ >= 0 && fds[err_index].revents != 0) ReadStderr();
    if (writing && fds[1].revents != 0) {
      const ssize_t n = ::write(in_, request.data() + written, request.size() - written);
      if (n < 0 && errno != EAGAIN && errno != EINTR) return dead("crashed (its input closed)");
      if (n > 0) written += static_cast<std::size_t>(n);
    }
    if (fds[0].revents != 0) {
      const ssize_t n = ::read(out_, buffer, sizeof buffer);
      if (n == 0) return dead("crashed (its output closed)");
      if (n < 0 && errno != EAGAIN && errno != EINTR) return dead("read: " + ErrnoText(errno));
      if (n > 0) pending_.append(buffer, static_cast<std::size_t>(n));
    }
  }
}

}  // namespace plaza::translate

namespace plaza::translate {

Result<std::string> RunToEnd(const std::vector<std::string>& argv, std::string_view input,
                             std::chrono::steady_clock::time_point deadline) {
  auto process = PipelineProcess::Start(argv);
  if (!process) return std::unexpected(process.error());
  PipelineProcess& p = **process;
  std::string output;
  std::size_t written = 0;
  if (input.empty()) CloseFd(p.in_);
  char buffer[1 << 14];
  while (p.out_ >= 0) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return Fail(Errc::kUnavailable, argv[0] + " timed out");
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    std::array<pollfd, 3> fds{};
    nfds_t count = 0;
    fds[count++] = pollfd{p.out_, POLLIN, 0};
    const nfds_t in_index = count;
    if (p.in_ >= 0) fds[count++] = pollfd{p.in_, POLLOUT, 0};
    const nfds_t err_index = count;
    if (p.err_ >= 0) fds[count++] = pollfd{p.err_, POLLIN, 0};
    const int ready =
        ::poll(fds.data(), count, static_cast<int>(std::min<long long>(wait.count() + 1, 60'000)));
    if (ready < 0 && errno != EINTR) return Fail(Errc::kUnavailable, "poll: " + ErrnoText(errno));
    if (ready <= 0) continue;
    if (p.err_ >= 0 && fds[err_index].revents != 0) p.ReadStderr();
    if (p.in_ >= 0 && fds[in_index].revents != 0) {
      const ssize_t n = ::write(p.in_, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == input.size()) {
        CloseFd(p.in_);
      }
    }
    if (fds[0].revents != 0) {
      const ssize_t n = ::read(p.out_, buffer, sizeof buffer);
      if (n > 0) {
        output.append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        CloseFd(p.out_);
      }
    }
  }
  int status = 0;
  while (::waitpid(p.pid_, &status, 0) < 0 && errno == EINTR) {
  }
  p.pid_ = -1;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Fail(Errc::kUnavailable,
                argv[0] + " failed" + (p.stderr_tail_.empty() ? "" : ": " + p.stderr_tail_));
  }
  return output;
}

}  // namespace plaza::translate
