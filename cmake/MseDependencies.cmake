# Every dependency comes from a Debian package (scripts/install-deps.sh).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(CURL REQUIRED)
find_package(GTest REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(ARCHIVE REQUIRED IMPORTED_TARGET libarchive)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(JWT REQUIRED IMPORTED_TARGET libjwt)
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)
find_package(Boost 1.74 REQUIRED)
# Debian's interpreter, not whatever python3 is first on PATH.
# The enclave embeds it (libpython3.11 + Debian's python3-flask), so another
# python3 first on PATH (pyenv) must never be picked, even from a stale cache.
if(EXISTS /usr/bin/python3)
  set(Python3_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "Debian's python3" FORCE)
  set(Python3_ROOT_DIR /usr)
  set(Python3_FIND_STRATEGY LOCATION)
endif()
find_package(Python3 3.11 REQUIRED COMPONENTS Interpreter Development.Embed)
find_package(pybind11 CONFIG REQUIRED)
if(MSE_BENCH)
  find_package(benchmark REQUIRED)
endif()

# The shared specification and vectors live beside the checkout.
if(NOT MSE_SHARED_DIR)
  get_filename_component(MSE_SHARED_DIR "${PROJECT_SOURCE_DIR}/../shared" ABSOLUTE)
endif()
