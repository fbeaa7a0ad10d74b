#pragma once

// Flags every command that opens the store takes (serve, migrate, backup, jobs ...).

#include "config/flags.hpp"

namespace plaza {

inline constexpr config::FlagSpec kConfigFlag = {"--config", "FILE",
                                                 "read settings from a TOML file"};
inline constexpr config::FlagSpec kStoreFlags[] = {
    kConfigFlag,
    {"--data", "DIR", "directory of the SQLite file (default ./data)", "storage.data_dir"},
    {"--storage", "URL", "sqlite:PATH or postgresql://...", "storage.url"},
};

}  // namespace plaza
