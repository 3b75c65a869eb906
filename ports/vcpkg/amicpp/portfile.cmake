# Overlay port for amicpp (header-only). Until there is a release, the sources come from a local
# tree, first found of:
#   1. AMICPP_SOURCE_DIR in the environment; vcpkg scrubs the environment, so let it through:
#        VCPKG_KEEP_ENV_VARS=AMICPP_SOURCE_DIR AMICPP_SOURCE_DIR=/path/to/amicpp vcpkg install ...
#   2. the repository holding this overlay (ports/vcpkg/amicpp/../../..).
# Set AMICPP_FROM_GITHUB (same way) to take the release tag v${VERSION} instead; fill in its
# SHA512 when that release exists.
set(VCPKG_BUILD_TYPE release) # header-only: one configuration is enough

get_filename_component(_amicpp_repo "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(DEFINED ENV{AMICPP_FROM_GITHUB})
    vcpkg_from_github(
        OUT_SOURCE_PATH SOURCE_PATH
        REPO amicpp/amicpp
        REF "v${VERSION}"
        SHA512 0
        HEAD_REF main)
elseif(DEFINED ENV{AMICPP_SOURCE_DIR})
    file(TO_CMAKE_PATH "$ENV{AMICPP_SOURCE_DIR}" SOURCE_PATH)
elseif(EXISTS "${_amicpp_repo}/include/amicpp/amicpp.hpp")
    set(SOURCE_PATH "${_amicpp_repo}")
else()
    message(FATAL_ERROR "amicpp: no sources. Set AMICPP_SOURCE_DIR (and VCPKG_KEEP_ENV_VARS).")
endif()
message(STATUS "amicpp sources: ${SOURCE_PATH}")

vcpkg_check_features(OUT_FEATURE_OPTIONS FEATURE_OPTIONS
    INVERTED_FEATURES
        tls CMAKE_DISABLE_FIND_PACKAGE_OpenSSL)

vcpkg_cmake_configure(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        ${FEATURE_OPTIONS}
        -DAMICPP_INSTALL=ON
        -DAMICPP_BUILD_TESTS=OFF
        -DAMICPP_BUILD_EXAMPLES=OFF
        -DAMICPP_BUILD_BENCHMARKS=OFF
        -DAMICPP_BUILD_FUZZERS=OFF
    MAYBE_UNUSED_VARIABLES
        CMAKE_DISABLE_FIND_PACKAGE_OpenSSL)
vcpkg_cmake_install()
vcpkg_cmake_config_fixup(CONFIG_PATH share/cmake/amicpp)
vcpkg_fixup_pkgconfig()

file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/lib" "${CURRENT_PACKAGES_DIR}/debug")

file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
