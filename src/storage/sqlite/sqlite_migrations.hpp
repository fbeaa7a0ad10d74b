#pragma once

#include <span>

#include "storage/migration.hpp"

namespace plaza::sqlite {

/// The SQLite schema, oldest step first.
std::span<const storage::Migration> Migrations();

}  // namespace plaza::sqlite
