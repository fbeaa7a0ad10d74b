# plaza_embed_assets(<target> ROOT <dir> DIRS <subdir>... [SOURCES <file>...] [NAMESPACE <ns>])
#
# Builds a static library <target> that holds every file under ROOT/<subdir>/ as bytes in the
# binary (see EmbedAssetsGenerate.cmake), as the table of src/web/embedded_files.hpp defined in
# namespace <ns> (default plaza::web::detail, the web assets). Every other table names its own
# namespace, so that several can be linked into one binary; read one with PLAZA_EMBEDDED_FILES. Adding a file re-runs the configure step (the glob is
# CONFIGURE_DEPENDS); changing one regenerates the table on the next build.
set(PLAZA_EMBED_GENERATOR "${CMAKE_CURRENT_LIST_DIR}/EmbedAssetsGenerate.cmake")

function(plaza_embed_assets target)
  cmake_parse_arguments(E "" "ROOT;NAMESPACE" "DIRS;SOURCES" ${ARGN})
  if(NOT E_NAMESPACE)
    set(E_NAMESPACE "plaza::web::detail")
  endif()
  set(files)
  foreach(dir IN LISTS E_DIRS)
    file(GLOB_RECURSE found CONFIGURE_DEPENDS LIST_DIRECTORIES false "${E_ROOT}/${dir}/*")
    list(APPEND files ${found})
  endforeach()
  # Editor droppings must never ship.
  list(FILTER files EXCLUDE REGEX "(~|\\.swp|\\.orig|/\\.[^/]*)$")
  list(SORT files)

  set(relative)
  foreach(f IN LISTS files)
    file(RELATIVE_PATH rel "${E_ROOT}" "${f}")
    list(APPEND relative "${rel}")
  endforeach()

  # The list of files is an input of the generator; rewrite it only when it changes so that an
  # unrelated re-configure does not rebuild the table.
  set(list_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_files.txt")
  string(REPLACE ";" "\n" list_text "${relative}")
  set(old_text "")
  if(EXISTS "${list_file}")
    file(READ "${list_file}" old_text)
  endif()
  if(NOT old_text STREQUAL list_text)
    file(WRITE "${list_file}" "${list_text}")
  endif()

  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_data.cpp")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND "${CMAKE_COMMAND}" "-DROOT=${E_ROOT}" "-DLIST=${list_file}" "-DOUT=${out}"
            "-DNAMESPACE=${E_NAMESPACE}"
            -P "${PLAZA_EMBED_GENERATOR}"
    DEPENDS ${files} "${list_file}" "${PLAZA_EMBED_GENERATOR}"
    COMMENT "Embedding ${target} (${E_ROOT})"
    VERBATIM)
  add_library(${target} STATIC "${out}" ${E_SOURCES})
endfunction()
