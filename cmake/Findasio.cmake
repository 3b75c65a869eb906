# Findasio: standalone Asio (https://think-async.com), as the imported target asio::asio.
#
# Package managers (vcpkg, Conan) install a CMake config that defines asio::asio: it is used
# first. Distributions such as Debian ship only the headers (libasio-dev): then asio.hpp is
# looked up and asio::asio is defined here, with ASIO_STANDALONE and the thread library.
#
# Result variables: asio_FOUND, asio_INCLUDE_DIR, asio_VERSION (from asio/version.hpp).
# Hint: asio_ROOT or ASIO_ROOT, a prefix holding include/asio.hpp.

if(TARGET asio::asio)
    set(asio_FOUND TRUE)
    return()
endif()

find_package(asio CONFIG QUIET)
if(asio_FOUND AND TARGET asio::asio)
    return()
endif()

find_path(asio_INCLUDE_DIR
    NAMES asio.hpp
    HINTS ${ASIO_ROOT} $ENV{ASIO_ROOT}
    PATH_SUFFIXES include asio/include)

if(asio_INCLUDE_DIR AND EXISTS "${asio_INCLUDE_DIR}/asio/version.hpp")
    file(STRINGS "${asio_INCLUDE_DIR}/asio/version.hpp" _asio_version_line
         REGEX "^#define ASIO_VERSION [0-9]+")
    string(REGEX REPLACE "^#define ASIO_VERSION ([0-9]+).*$" "\\1" _asio_version_number
           "${_asio_version_line}")
    if(_asio_version_number)
        math(EXPR _asio_major "${_asio_version_number} / 100000")
        math(EXPR _asio_minor "${_asio_version_number} / 100 % 1000")
        math(EXPR _asio_patch "${_asio_version_number} % 100")
        set(asio_VERSION "${_asio_major}.${_asio_minor}.${_asio_patch}")
    endif()
    unset(_asio_version_line)
    unset(_asio_version_number)
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(asio
    REQUIRED_VARS asio_INCLUDE_DIR
    VERSION_VAR asio_VERSION)

if(asio_FOUND AND NOT TARGET asio::asio)
    set(THREADS_PREFER_PTHREAD_FLAG ON)
    find_package(Threads REQUIRED)
    add_library(asio::asio INTERFACE IMPORTED)
    set_target_properties(asio::asio PROPERTIES
        INTERFACE_INCLUDE_DIRECTORIES "${asio_INCLUDE_DIR}"
        INTERFACE_COMPILE_DEFINITIONS "ASIO_STANDALONE;ASIO_NO_DEPRECATED"
        INTERFACE_LINK_LIBRARIES Threads::Threads)
endif()

mark_as_advanced(asio_INCLUDE_DIR)
