#pragma once

// The one command-line parser of Plaza's commands (`plaza serve`, `plaza jobs list`,
// `plaza summarize`, ...): each command declares its flags once, and the parser and the --help
// text both come from those declarations.

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace plaza::config {

/// One option of a command.
struct FlagSpec {
  std::string_view name;        // "--state"
  std::string_view value_name;  // "S" in the help; "" = a bare flag that takes no value
  std::string_view help;        // "" = the help of `key`
  std::string_view key = {};    // the config key the flag sets; "" = the command's own option
};

struct ParsedFlags {
  /// Every option given, in order, with its value ("" for bare flags).
  std::vector<std::pair<const FlagSpec*, std::string>> values;
  std::vector<std::string> positional;
  bool help = false;  // --help or -h was given (nothing else is checked then)

  bool Has(std::string_view name) const;
  /// The value of the last `name` given.
  std::optional<std::string> Get(std::string_view name) const;
  /// The (config key, value) pairs of the flags that set a config key, in order.
  std::vector<std::pair<std::string, std::string>> Settings() const;
};

/// Parses "--name value", "--name=value", bare flags, --help/-h and (when `allow_positional`)
/// positional arguments. kInvalidArgument (field = the option) for an unknown option
/// ("unknown option --x"), a missing value ("--x needs a value"), a value given to a bare flag
/// ("--x takes no value") or a positional argument not allowed ("unexpected argument 'x'").
/// Text from the command line is made valid UTF-8 before it goes into a message.
Result<ParsedFlags> ParseFlags(std::span<char* const> args, std::span<const FlagSpec> flags,
                               bool allow_positional = false);

/// The lines of an "options:" list: "  --name VALUE   help", aligned, --help last.
/// `key_help` gives the help of a config key for flags whose own help is "".
std::string FlagHelp(std::span<const FlagSpec> flags,
                     const std::function<std::string(std::string_view key)>& key_help = {});

}  // namespace plaza::config
