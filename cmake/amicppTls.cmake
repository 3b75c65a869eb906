# amicpp::tls: the INTERFACE target for TLS connections (asio::ssl over OpenSSL). It is created
# only when OpenSSL is found; disable it with -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=ON.
# cmake/amicppInstall.cmake exports it, in its own export set, when it exists.
# Include this file after amicpp is defined and before amicppInstall.

if(TARGET amicpp_tls)
    return()
endif()

find_package(OpenSSL QUIET)
if(NOT OpenSSL_FOUND AND NOT OPENSSL_FOUND)
    message(STATUS "amicpp: OpenSSL not found, amicpp::tls is not available")
    return()
endif()

add_library(amicpp_tls INTERFACE)
add_library(amicpp::tls ALIAS amicpp_tls)
set_target_properties(amicpp_tls PROPERTIES EXPORT_NAME tls)
target_link_libraries(amicpp_tls INTERFACE amicpp::amicpp OpenSSL::SSL)
