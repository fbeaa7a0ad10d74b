# plaza_embed_assets(<target> ROOT <dir> DIRS <subdir>... [SOURCES <file>...]
#                    [HEADER <include> NAMESPACE <c++ namespace>])
#
# Builds a static library <target> that holds every file under ROOT/<subdir>/ as bytes in the
# binary (see EmbedAssetsGenerate.cmake). Adding a file re-runs the configure step (the glob is
# CONFIGURE_DEPENDS); changing one regenerates the table on the next build.
#
# The table (kEmbeddedFiles, kEmbeddedFileCount, kStaticVersion) is defined in NAMESPACE and
# declared by HEADER, which the generated file includes; both default to the web assets'
# (web/embedded_files.hpp, plaza::web::detail). Storage embeds its .sql files the same way
# (storage/sql_files.hpp, plaza::storage::detail). Every file's bytes end with a NUL that `size`
# does not count, so a text file can be read as a C string.
set(PLAZA_EMBED_GENERATOR "${CMAKE_CURRENT_LIST_DIR}/EmbedAssetsGenerate.cmake")

function(plaza_embed_assets target)
  cmake_parse_arguments(E "" "ROOT;HEADER;NAMESPACE" "DIRS;SOURCES" ${ARGN})
  if(NOT E_HEADER)
    set(E_HEADER "web/embedded_files.hpp")
  endif()
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
            "-DHEADER=${E_HEADER}" "-DNAMESPACE=${E_NAMESPACE}"
            -P "${PLAZA_EMBED_GENERATOR}"
    DEPENDS ${files} "${list_file}" "${PLAZA_EMBED_GENERATOR}"
    COMMENT "Embedding ${target} (${E_ROOT})"
    VERBATIM)
  add_library(${target} STATIC "${out}" ${E_SOURCES})
endfunction()
