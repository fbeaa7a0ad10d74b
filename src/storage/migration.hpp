#pragma once

namespace plaza::storage {

/// One schema step. Versions start at 1 and increase by one; a step, once released, is never
/// edited: later changes are new steps.
struct Migration {
  int version;
  const char* name;
  const char* sql;  // one or more statements
};

}  // namespace plaza::storage
