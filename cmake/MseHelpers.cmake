# Small helpers so each domain's CMakeLists.txt stays a list of files.

# mse_library(NAME SOURCES ... DEPS ...): static library mse_<NAME>, include
# root = src/, so headers are included as "domain/file.h".
function(mse_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(mse_${name} STATIC ${ARG_SOURCES})
  target_include_directories(mse_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(mse_${name} PUBLIC ${ARG_DEPS})
endfunction()

# mse_test(NAME SOURCES ... DEPS ...): GoogleTest binary registered with ctest.
# Tests run with the source tree's shared vectors reachable through
# MSE_SHARED_DIR and MSE_SOURCE_DIR.
function(mse_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    MSE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    MSE_SHARED_DIR="${MSE_SHARED_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "MSE_SOURCE_DIR=${PROJECT_SOURCE_DIR};MSE_SHARED_DIR=${MSE_SHARED_DIR}")
endfunction()
