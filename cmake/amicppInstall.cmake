# Install rules for amicpp: headers, the exported target amicpp::amicpp (and amicpp::tls when
# cmake/amicppTls.cmake created it), a relocatable CMake package config with its version file, the
# Asio find module the config relies on, and a pkg-config file.
#
# Layout under the prefix (all architecture-independent, so under DATADIR, like nlohmann_json):
#   include/amicpp/...                 the headers, detail/ and impl/ included
#   share/cmake/amicpp/                amicppConfig.cmake, amicppConfigVersion.cmake,
#                                      amicppTargets.cmake, [amicppTlsTargets.cmake], Findasio.cmake
#   share/pkgconfig/amicpp.pc
#
# Cache variables: AMICPP_INSTALL_CMAKEDIR, AMICPP_INSTALL_PKGCONFIGDIR (relative to the prefix).

include(CMakePackageConfigHelpers)
include(GNUInstallDirs)

set(AMICPP_INSTALL_CMAKEDIR "${CMAKE_INSTALL_DATADIR}/cmake/amicpp"
    CACHE STRING "Where amicpp's CMake package files are installed, relative to the prefix")
set(AMICPP_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_DATADIR}/pkgconfig"
    CACHE STRING "Where amicpp.pc is installed, relative to the prefix")
mark_as_advanced(AMICPP_INSTALL_CMAKEDIR AMICPP_INSTALL_PKGCONFIGDIR)

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/amicpp"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        COMPONENT amicpp_development
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.ipp" PATTERN "*.h")

# The core target. Its INSTALL_INTERFACE include directory is set in the top-level list file.
install(TARGETS amicpp EXPORT amicppTargets)
install(EXPORT amicppTargets
        NAMESPACE amicpp::
        DESTINATION "${AMICPP_INSTALL_CMAKEDIR}"
        COMPONENT amicpp_development)

# The optional TLS target has its own export set: its file is loaded only when OpenSSL is found
# by the consumer, so that the core package never requires OpenSSL.
if(TARGET amicpp_tls)
    install(TARGETS amicpp_tls EXPORT amicppTlsTargets)
    install(EXPORT amicppTlsTargets
            NAMESPACE amicpp::
            DESTINATION "${AMICPP_INSTALL_CMAKEDIR}"
            COMPONENT amicpp_development)
endif()

configure_package_config_file(
    "${PROJECT_SOURCE_DIR}/cmake/amicppConfig.cmake.in"
    "${PROJECT_BINARY_DIR}/amicppConfig.cmake"
    INSTALL_DESTINATION "${AMICPP_INSTALL_CMAKEDIR}"
    NO_SET_AND_CHECK_MACRO)
# Semantic versioning (README, "Versions"): within one major version from 1.0.0 on; before 1.0.0
# a minor version may break, so only the same 0.minor is compatible.
if(PROJECT_VERSION_MAJOR EQUAL 0)
    set(amicpp_compatibility SameMinorVersion)
else()
    set(amicpp_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(
    "${PROJECT_BINARY_DIR}/amicppConfigVersion.cmake"
    VERSION "${PROJECT_VERSION}"
    COMPATIBILITY ${amicpp_compatibility}
    ARCH_INDEPENDENT)
install(FILES
            "${PROJECT_BINARY_DIR}/amicppConfig.cmake"
            "${PROJECT_BINARY_DIR}/amicppConfigVersion.cmake"
            "${PROJECT_SOURCE_DIR}/cmake/Findasio.cmake"
        DESTINATION "${AMICPP_INSTALL_CMAKEDIR}"
        COMPONENT amicpp_development)

# pkg-config. Asio has no .pc file anywhere, so its flags go in Cflags/Libs instead of Requires.
# The prefix is computed from ${pcfiledir}, so the file stays right after `cmake --install
# --prefix`, DESTDIR staging, or a move of the whole tree (Conan, vcpkg).
set(_amicpp_pc_extra_cflags "")
if(asio_INCLUDE_DIR)
    set(_amicpp_asio_includes "${asio_INCLUDE_DIR}")
else()
    get_target_property(_amicpp_asio_includes asio::asio INTERFACE_INCLUDE_DIRECTORIES)
endif()
if(_amicpp_asio_includes)
    foreach(_amicpp_dir IN LISTS _amicpp_asio_includes)
        if(NOT _amicpp_dir MATCHES "\\$<" AND NOT _amicpp_dir IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES
           AND NOT _amicpp_dir STREQUAL "/usr/include")
            string(APPEND _amicpp_pc_extra_cflags " -I${_amicpp_dir}")
        endif()
    endforeach()
endif()
if(IS_ABSOLUTE "${AMICPP_INSTALL_PKGCONFIGDIR}")
    set(_amicpp_pc_prefix "${CMAKE_INSTALL_PREFIX}")
else()
    file(RELATIVE_PATH _amicpp_pc_prefix "/amicpp-prefix/${AMICPP_INSTALL_PKGCONFIGDIR}" "/amicpp-prefix")
    string(REGEX REPLACE "/$" "" _amicpp_pc_prefix "\${pcfiledir}/${_amicpp_pc_prefix}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
    set(_amicpp_pc_includedir "${CMAKE_INSTALL_INCLUDEDIR}")
else()
    set(_amicpp_pc_includedir "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
set(AMICPP_PC_PREFIX "${_amicpp_pc_prefix}")
set(AMICPP_PC_INCLUDEDIR "${_amicpp_pc_includedir}")
set(AMICPP_PC_EXTRA_CFLAGS "${_amicpp_pc_extra_cflags}")
configure_file("${PROJECT_SOURCE_DIR}/cmake/amicpp.pc.in" "${PROJECT_BINARY_DIR}/amicpp.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/amicpp.pc"
        DESTINATION "${AMICPP_INSTALL_PKGCONFIGDIR}"
        COMPONENT amicpp_development)
unset(_amicpp_pc_extra_cflags)
unset(_amicpp_asio_includes)
unset(_amicpp_dir)
unset(_amicpp_pc_prefix)
unset(_amicpp_pc_includedir)
