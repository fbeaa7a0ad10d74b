#include "config/flags.hpp"

#include <algorithm>

#include "config/section.hpp"
#include "core/utf8.hpp"

namespace plaza::config {
namespace {

std::unexpected<Error> Usage(std::string message, std::string_view field) {
  return Fail(Errc::kInvalidArgument, std::move(message), text::ToValidUtf8(field));
}

const FlagSpec* Find(std::span<const FlagSpec> flags, std::string_view name) {
  for (const auto& f : flags) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace

bool ParsedFlags::Has(std::string_view name) const {
  return std::ranges::any_of(values, [name](const auto& v) { return v.first->name == name; });
}

std::optional<std::string> ParsedFlags::Get(std::string_view name) const {
  std::optional<std::string> out;
  for (const auto& [flag, value] : values) {
    if (flag->name == name) out = value;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ParsedFlags::Settings() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [flag, value] : values) {
    if (!flag->key.empty()) out.emplace_back(flag->key, value);
  }
  return out;
}

Result<ParsedFlags> ParseFlags(std::span<char* const> args, std::span<const FlagSpec> flags,
                               bool allow_positional) {
  ParsedFlags parsed;
  for (std::string_view arg : args) {
    if (arg == "--help" || arg == "-h") {
      parsed.help = true;
      return parsed;
    }
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (!arg.starts_with("-") || arg == "-") {
      if (!allow_positional) {
        return Usage("unexpected argument '" + text::ToValidUtf8(arg) + "'", arg);
      }
      parsed.positional.emplace_back(arg);
      continue;
    }
    std::optional<std::string> inline_value;
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      inline_value = std::string(arg.substr(eq + 1));
      arg = arg.substr(0, eq);
    }
    const FlagSpec* flag = Find(flags, arg);
    if (flag == nullptr) return Usage("unknown option " + text::ToValidUtf8(arg), arg);
    std::string value;
    if (!flag->value_name.empty()) {
      if (inline_value) {
        value = std::move(*inline_value);
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return Usage(std::string(arg) + " needs a value", arg);
      }
    } else if (inline_value) {
      return Usage(std::string(arg) + " takes no value", arg);
    }
    parsed.values.emplace_back(flag, std::move(value));
  }
  return parsed;
}

std::string FlagHelp(std::span<const FlagSpec> flags,
                     const std::function<std::string(std::string_view key)>& key_help) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& f : flags) {
    std::string left(f.name);
    if (!f.value_name.empty()) left += " " + std::string(f.value_name);
    std::string help(f.help);
    if (help.empty() && !f.key.empty() && key_help) help = key_help(f.key);
    if (!f.key.empty()) help += " (" + std::string(f.key) + ")";
    rows.emplace_back(std::move(left), std::move(help));
  }
  rows.emplace_back("--help", "show this help");
  std::size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.first.size());
  constexpr std::size_t kLineWidth = 100;
  const std::size_t indent = width + 4;
  std::string out;
  for (const auto& [left, help] : rows) {
    auto lines = WrapWords(help, kLineWidth > indent + 20 ? kLineWidth - indent : 20);
    out += "  " + left + std::string(width - left.size() + 2, ' ');
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i > 0) out += std::string(indent, ' ');
      out += lines[i] + "\n";
    }
    if (lines.empty()) out += "\n";
  }
  return out;
}

}  // namespace plaza::config
