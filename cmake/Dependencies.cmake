# Finds the Debian-packaged dependencies. V8 (libnode108) and llhttp are not installed system-wide
# (they conflict with NodeSource's nodejs): third_party/bootstrap.sh unpacks them into
# third_party/prefix, and this file points at that prefix only.
set(EDGERUN_PREFIX "${CMAKE_SOURCE_DIR}/third_party/prefix" CACHE PATH "Unpacked libnode/llhttp prefix")
set(_libdir "${EDGERUN_PREFIX}/usr/lib/x86_64-linux-gnu")

if(NOT EXISTS "${EDGERUN_PREFIX}/usr/include/node/v8.h")
  message(FATAL_ERROR "V8 headers not found under ${EDGERUN_PREFIX}; run third_party/bootstrap.sh first")
endif()

# Never the system's include/node (Node 20 headers from NodeSource): only the unpacked prefix.
add_library(v8 SHARED IMPORTED GLOBAL)
set_target_properties(v8 PROPERTIES
  IMPORTED_LOCATION "${_libdir}/libnode.so.108"
  IMPORTED_SONAME "libnode.so.108"
  INTERFACE_INCLUDE_DIRECTORIES "${EDGERUN_PREFIX}/usr/include/node"
  INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${EDGERUN_PREFIX}/usr/include/node")
# The binary must run without LD_LIBRARY_PATH: keep the prefix in the rpath of build and install.
set(CMAKE_BUILD_RPATH "${_libdir}")
set(CMAKE_INSTALL_RPATH "${_libdir}")

add_library(llhttp_static STATIC
  "${EDGERUN_PREFIX}/usr/share/llhttp/llhttp.c"
  "${EDGERUN_PREFIX}/usr/share/llhttp/api.c"
  "${EDGERUN_PREFIX}/usr/share/llhttp/http.c")
target_include_directories(llhttp_static SYSTEM PUBLIC "${EDGERUN_PREFIX}/usr/share/include/llhttp")
set_target_properties(llhttp_static PROPERTIES POSITION_INDEPENDENT_CODE ON)
target_compile_options(llhttp_static PRIVATE -w)
# libnode.so exports Node 18's own llhttp (6.x, another struct layout) under the same names.
# Linking our 8.1 objects whole makes every binary define them itself, so no call of ours can
# bind to libnode's copy, whatever the order of libraries on the link line.
add_library(llhttp INTERFACE)
target_link_libraries(llhttp INTERFACE "$<LINK_LIBRARY:WHOLE_ARCHIVE,llhttp_static>")

find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBUV REQUIRED IMPORTED_TARGET libuv)
find_package(simdjson REQUIRED)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
find_package(OpenSSL REQUIRED)
find_package(CURL REQUIRED)
find_package(ZLIB REQUIRED)
pkg_check_modules(BROTLI REQUIRED IMPORTED_TARGET libbrotlienc libbrotlidec)
find_package(Threads REQUIRED)
