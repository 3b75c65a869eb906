# Driver for one consumption test: cmake -DMODE=<mode> -DSETTINGS=<file> [-DCONFIG=<cfg>] -P this
#
# Modes:
#   install            configure the source tree alone (tests off) and install it to a prefix
#   find_package       a project using find_package(amicpp CONFIG) on that prefix
#   add_subdirectory   a project using add_subdirectory(<amicpp source>)
#   fetchcontent       a project using FetchContent with URL = an archive of the source tree
#   separate_compilation  add_subdirectory, AMICPP_SEPARATE_COMPILATION and a src.cpp including
#                      <amicpp/src.hpp>: built and run against the simulated Asterisk; the same
#                      program without src.cpp must fail to link
#   plain_compiler     c++ -std=c++17 -I<src>/include -DASIO_STANDALONE main.cpp -pthread
#   pkg_config         c++ -std=c++17 $(pkg-config --cflags amicpp) main.cpp $(pkg-config --libs)
#   packaging_metadata the vcpkg manifest and the Conan recipe agree with the project
#
# SETTINGS is written by tests/consumption/CMakeLists.txt: compiler, flags, generator, paths.
cmake_minimum_required(VERSION 3.16)

if(NOT DEFINED MODE OR NOT DEFINED SETTINGS)
    message(FATAL_ERROR "usage: cmake -DMODE=<mode> -DSETTINGS=<file> -P run_consumer.cmake")
endif()
include("${SETTINGS}")
if(NOT DEFINED CONFIG OR CONFIG STREQUAL "")
    set(CONFIG "${AMICPP_BUILD_TYPE}")
endif()
if(CONFIG STREQUAL "")
    set(CONFIG "Debug")
endif()

set(work "${AMICPP_WORK_DIR}/${MODE}")
set(prefix "${AMICPP_WORK_DIR}/prefix")
set(tests "${AMICPP_TESTS_DIR}")
set(main_cpp "${tests}/consumer/main.cpp")
# Default install layout of a fresh configure (cmake/amicppInstall.cmake).
set(cmakedir "share/cmake/amicpp")
set(pkgconfigdir "share/pkgconfig")

# run(<what> COMMAND <args>... [WORKING_DIRECTORY <dir>]): echo, run, stop on failure.
function(run what)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "WORKING_DIRECTORY" "COMMAND")
    if(NOT arg_WORKING_DIRECTORY)
        set(arg_WORKING_DIRECTORY "${AMICPP_WORK_DIR}")
    endif()
    string(REPLACE ";" " " shown "${arg_COMMAND}")
    message(STATUS "[${MODE}] ${what}: ${shown}")
    execute_process(COMMAND ${arg_COMMAND}
                    WORKING_DIRECTORY "${arg_WORKING_DIRECTORY}"
                    RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "[${MODE}] ${what} failed (${result}): ${shown}")
    endif()
endfunction()

# This build's CMAKE_PREFIX_PATH (where Asio or Catch2 may have come from) goes through the
# environment, searched after the -DCMAKE_PREFIX_PATH a test gives, and with no list escaping.
if(AMICPP_PREFIX_PATH)
    if(CMAKE_HOST_WIN32)
        set(ENV{CMAKE_PREFIX_PATH} "${AMICPP_PREFIX_PATH};$ENV{CMAKE_PREFIX_PATH}")
    else()
        string(REPLACE ";" ":" env_prefix_path "${AMICPP_PREFIX_PATH}")
        if(NOT "$ENV{CMAKE_PREFIX_PATH}" STREQUAL "")
            string(APPEND env_prefix_path ":$ENV{CMAKE_PREFIX_PATH}")
        endif()
        set(ENV{CMAKE_PREFIX_PATH} "${env_prefix_path}")
    endif()
endif()

# Arguments that hand this build's toolchain to a nested configure.
set(toolchain_args -G "${AMICPP_GENERATOR}")
if(AMICPP_GENERATOR_PLATFORM)
    list(APPEND toolchain_args -A "${AMICPP_GENERATOR_PLATFORM}")
endif()
if(AMICPP_GENERATOR_TOOLSET)
    list(APPEND toolchain_args -T "${AMICPP_GENERATOR_TOOLSET}")
endif()
list(APPEND toolchain_args
     "-DCMAKE_CXX_COMPILER=${AMICPP_CXX_COMPILER}"
     "-DCMAKE_CXX_FLAGS=${AMICPP_CXX_FLAGS}"
     "-DCMAKE_EXE_LINKER_FLAGS=${AMICPP_EXE_LINKER_FLAGS}"
     "-DCMAKE_BUILD_TYPE=${CONFIG}"
     -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
if(AMICPP_MAKE_PROGRAM)
    list(APPEND toolchain_args "-DCMAKE_MAKE_PROGRAM=${AMICPP_MAKE_PROGRAM}")
endif()
if(AMICPP_TOOLCHAIN_FILE)
    list(APPEND toolchain_args "-DCMAKE_TOOLCHAIN_FILE=${AMICPP_TOOLCHAIN_FILE}")
endif()
if(AMICPP_ASIO_ROOT)
    list(APPEND toolchain_args "-DASIO_ROOT=${AMICPP_ASIO_ROOT}")
endif()

# cmake_project(<dir> [PREFIX <prefix>] <extra -D args>...): configure (with <prefix> searched
# first), build, run every bin/amicpp_*consumer*.
function(cmake_project source)
    set(args ${ARGN})
    set(search_prefix "")
    if(args MATCHES "^PREFIX;")
        list(POP_FRONT args _ search_prefix)
    endif()
    run("configure" COMMAND "${CMAKE_COMMAND}" -S "${source}" -B "${work}/build"
        ${toolchain_args} "-DCMAKE_PREFIX_PATH=${search_prefix}" ${args})
    run("build" COMMAND "${CMAKE_COMMAND}" --build "${work}/build" --config "${CONFIG}")
    file(GLOB programs "${work}/build/bin/amicpp_*consumer*")
    list(FILTER programs EXCLUDE REGEX "\\.(pdb|ilk|manifest)$")
    if(NOT programs)
        message(FATAL_ERROR "[${MODE}] no consumer program was built in ${work}/build/bin")
    endif()
    foreach(program IN LISTS programs)
        run("run" COMMAND "${program}")
    endforeach()
endfunction()

# compile_and_run(<args>...): one compiler invocation to ${work}/consumer, then run it.
function(compile_and_run)
    separate_arguments(cxx_flags UNIX_COMMAND "${AMICPP_CXX_FLAGS}")
    separate_arguments(ld_flags UNIX_COMMAND "${AMICPP_EXE_LINKER_FLAGS}")
    run("compile" COMMAND "${AMICPP_CXX_COMPILER}" ${cxx_flags} ${ARGN} ${ld_flags}
        -o "${work}/consumer")
    run("run" COMMAND "${work}/consumer")
endfunction()

file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}")

if(MODE STREQUAL "install")
    file(REMOVE_RECURSE "${prefix}")
    # CMAKE_INSTALL_PREFIX is left at its default on purpose: `--prefix` must relocate everything.
    run("configure" COMMAND "${CMAKE_COMMAND}" -S "${AMICPP_SOURCE_DIR}" -B "${work}/build"
        ${toolchain_args}
        -DAMICPP_BUILD_TESTS=OFF -DAMICPP_BUILD_EXAMPLES=OFF -DAMICPP_BUILD_BENCHMARKS=OFF
        -DAMICPP_BUILD_FUZZERS=OFF -DAMICPP_INSTALL=ON)
    run("install" COMMAND "${CMAKE_COMMAND}" --install "${work}/build" --prefix "${prefix}"
        --config "${CONFIG}")

    set(missing "")
    file(GLOB_RECURSE headers RELATIVE "${AMICPP_SOURCE_DIR}/include"
         "${AMICPP_SOURCE_DIR}/include/amicpp/*")
    foreach(header IN LISTS headers)
        if(NOT EXISTS "${prefix}/include/${header}")
            list(APPEND missing "include/${header}")
        endif()
    endforeach()
    foreach(file IN ITEMS amicppConfig.cmake amicppConfigVersion.cmake amicppTargets.cmake
                          Findasio.cmake)
        if(NOT EXISTS "${prefix}/${cmakedir}/${file}")
            list(APPEND missing "${cmakedir}/${file}")
        endif()
    endforeach()
    if(AMICPP_EXPECT_TLS AND NOT EXISTS "${prefix}/${cmakedir}/amicppTlsTargets.cmake")
        list(APPEND missing "${cmakedir}/amicppTlsTargets.cmake")
    endif()
    if(NOT EXISTS "${prefix}/${pkgconfigdir}/amicpp.pc")
        list(APPEND missing "${pkgconfigdir}/amicpp.pc")
    endif()
    if(missing)
        string(REPLACE ";" "\n  " missing "${missing}")
        message(FATAL_ERROR "[install] not installed under ${prefix}:\n  ${missing}")
    endif()
    # Nothing may point back into the build or source tree.
    file(GLOB_RECURSE installed_cmake "${prefix}/*.cmake" "${prefix}/*.pc")
    foreach(file IN LISTS installed_cmake)
        file(READ "${file}" text)
        foreach(tree IN ITEMS "${AMICPP_SOURCE_DIR}" "${work}/build")
            string(FIND "${text}" "${tree}/" at)
            if(NOT at EQUAL -1)
                message(FATAL_ERROR "[install] ${file} refers to ${tree}")
            endif()
        endforeach()
    endforeach()

elseif(MODE STREQUAL "find_package")
    cmake_project("${tests}/find_package" PREFIX "${prefix}"
        "-DAMICPP_EXPECTED_PREFIX=${prefix}"
        "-DAMICPP_EXPECTED_VERSION=${AMICPP_VERSION}"
        "-DAMICPP_EXPECTED_VERSION_MAJOR=${AMICPP_VERSION_MAJOR}"
        "-DAMICPP_EXPECT_TLS=${AMICPP_EXPECT_TLS}")

elseif(MODE STREQUAL "add_subdirectory")
    cmake_project("${tests}/add_subdirectory" "-DAMICPP_SOURCE_DIR=${AMICPP_SOURCE_DIR}")

elseif(MODE STREQUAL "separate_compilation")
    cmake_project("${tests}/separate_compilation" "-DAMICPP_SOURCE_DIR=${AMICPP_SOURCE_DIR}"
        "-DAMICPP_EXPECT_TLS=${AMICPP_EXPECT_TLS}")
    # Without src.cpp the connection's code is missing: if this links, the consumer compiled it
    # itself and the extern template declarations did nothing.
    set(negative "${CMAKE_COMMAND}" --build "${work}/build" --config "${CONFIG}"
                 --target amicpp_separate_without_src)
    string(REPLACE ";" " " shown "${negative}")
    message(STATUS "[${MODE}] must not link: ${shown}")
    execute_process(COMMAND ${negative} RESULT_VARIABLE result OUTPUT_VARIABLE output
                    ERROR_VARIABLE output)
    if(result EQUAL 0)
        message(FATAL_ERROR "[${MODE}] the consumer linked without src.cpp: with "
                            "AMICPP_SEPARATE_COMPILATION it must leave the connection to src.hpp")
    endif()
    if(NOT output MATCHES "undefined reference|unresolved external|Undefined symbols")
        message(FATAL_ERROR "[${MODE}] the build without src.cpp failed, but not at link time:\n"
                            "${output}")
    endif()
    string(REGEX MATCH "[^\n]*(undefined reference|unresolved external|Undefined symbols)[^\n]*"
           first "${output}")
    message(STATUS "[${MODE}] as expected, it did not link: ${first}")

elseif(MODE STREQUAL "fetchcontent")
    # The files a release archive would hold; the archive is made here, with no network.
    set(members CMakeLists.txt cmake include)
    foreach(optional IN ITEMS LICENSE README.md)
        if(EXISTS "${AMICPP_SOURCE_DIR}/${optional}")
            list(APPEND members "${optional}")
        endif()
    endforeach()
    set(archive "${work}/amicpp-src.tar.gz")
    run("archive" COMMAND "${CMAKE_COMMAND}" -E tar czf "${archive}" -- ${members}
        WORKING_DIRECTORY "${AMICPP_SOURCE_DIR}")
    file(SHA256 "${archive}" sha256)
    file(TO_CMAKE_PATH "${archive}" archive_path)
    if(archive_path MATCHES "^/")
        set(url "file://${archive_path}")
    else()
        set(url "file:///${archive_path}")
    endif()
    cmake_project("${tests}/fetchcontent" "-DAMICPP_URL=${url}" "-DAMICPP_URL_SHA256=${sha256}")

elseif(MODE STREQUAL "plain_compiler")
    set(includes "-I${AMICPP_SOURCE_DIR}/include")
    foreach(dir IN LISTS AMICPP_ASIO_EXTRA_INCLUDES)
        list(APPEND includes "-I${dir}")
    endforeach()
    compile_and_run(-std=c++17 ${includes} -DASIO_STANDALONE
                    "-DAMICPP_CONSUMER_MODE=\"plain compiler\"" "${main_cpp}" -pthread)

elseif(MODE STREQUAL "pkg_config")
    if(NOT AMICPP_PKG_CONFIG)
        message("AMICPP_TEST_SKIPPED: pkg-config was not found")
        return()
    endif()
    # Only the test prefix: a system-wide amicpp.pc must not answer.
    set(ENV{PKG_CONFIG_LIBDIR} "${prefix}/${pkgconfigdir}")
    set(ENV{PKG_CONFIG_PATH} "")
    foreach(query IN ITEMS modversion cflags libs)
        execute_process(COMMAND "${AMICPP_PKG_CONFIG}" --${query} amicpp
                        OUTPUT_VARIABLE pc_${query} OUTPUT_STRIP_TRAILING_WHITESPACE
                        RESULT_VARIABLE result)
        if(NOT result EQUAL 0)
            message(FATAL_ERROR "[pkg_config] pkg-config --${query} amicpp failed (${result})")
        endif()
        message(STATUS "[pkg_config] --${query}: ${pc_${query}}")
    endforeach()
    if(NOT pc_modversion STREQUAL AMICPP_VERSION)
        message(FATAL_ERROR "[pkg_config] version '${pc_modversion}', expected ${AMICPP_VERSION}")
    endif()
    separate_arguments(pc_cflags UNIX_COMMAND "${pc_cflags}")
    separate_arguments(pc_libs UNIX_COMMAND "${pc_libs}")
    compile_and_run(-std=c++17 ${pc_cflags} "-DAMICPP_CONSUMER_MODE=\"pkg-config\""
                    "${main_cpp}" ${pc_libs})

elseif(MODE STREQUAL "packaging_metadata")
    set(manifest "${AMICPP_SOURCE_DIR}/ports/vcpkg/amicpp/vcpkg.json")
    if(NOT EXISTS "${manifest}")
        message(FATAL_ERROR "[packaging_metadata] ${manifest} is missing")
    endif()
    file(READ "${manifest}" json)
    if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.19)
        string(JSON name ERROR_VARIABLE json_error GET "${json}" name)
        if(json_error)
            message(FATAL_ERROR "[packaging_metadata] ${manifest}: ${json_error}")
        endif()
        string(JSON version GET "${json}" version)
    else()
        string(REGEX MATCH "\"name\": *\"([^\"]*)\"" _ "${json}")
        set(name "${CMAKE_MATCH_1}")
        string(REGEX MATCH "\"version\": *\"([^\"]*)\"" _ "${json}")
        set(version "${CMAKE_MATCH_1}")
    endif()
    if(NOT name STREQUAL "amicpp" OR NOT version STREQUAL AMICPP_VERSION)
        message(FATAL_ERROR "[packaging_metadata] vcpkg.json says ${name} ${version}, the project "
                            "is amicpp ${AMICPP_VERSION}")
    endif()
    set(recipe "${AMICPP_SOURCE_DIR}/conanfile.py")
    file(STRINGS "${recipe}" recipe_name REGEX "^ *name = \"amicpp\"")
    if(NOT recipe_name)
        message(FATAL_ERROR "[packaging_metadata] ${recipe} does not name the package amicpp")
    endif()
    if(AMICPP_PYTHON)
        # Syntax only (Conan itself is not needed), without writing __pycache__ into the tree.
        foreach(file IN ITEMS "${recipe}" "${AMICPP_SOURCE_DIR}/test_package/conanfile.py")
            run("python syntax" COMMAND "${AMICPP_PYTHON}" -c
                "import ast, sys\nast.parse(open(sys.argv[1]).read(), sys.argv[1])" "${file}")
        endforeach()
    endif()

else()
    message(FATAL_ERROR "unknown MODE '${MODE}'")
endif()

message(STATUS "[${MODE}] passed")
