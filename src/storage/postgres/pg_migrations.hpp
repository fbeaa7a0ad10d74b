#pragma once

#include <span>

#include "storage/migration.hpp"

namespace plaza::pg {

/// The PostgreSQL schema, oldest step first.
std::span<const storage::Migration> Migrations();

}  // namespace plaza::pg
