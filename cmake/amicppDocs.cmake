# The target amicpp_docs: the API reference from docs/Doxyfile, written to <build dir>/docs/html.
# Not part of `all`; build it with `cmake --build <dir> --target amicpp_docs`. Any Doxygen warning
# fails it. Defined only when Doxygen is found.

if(TARGET amicpp_docs)
    return()
endif()

find_package(Doxygen QUIET)
if(NOT DOXYGEN_FOUND)
    message(STATUS "amicpp: Doxygen not found, no amicpp_docs target")
    return()
endif()

# docs/Doxyfile holds every setting; this file only moves the output into the build tree and
# stamps the version. Doxygen runs from the source root, where the Doxyfile's paths start.
set(_amicpp_doxyfile "${PROJECT_BINARY_DIR}/docs/Doxyfile")
file(WRITE "${_amicpp_doxyfile}"
    "@INCLUDE               = \"${PROJECT_SOURCE_DIR}/docs/Doxyfile\"\n"
    "PROJECT_NUMBER         = \"${PROJECT_VERSION}\"\n"
    "OUTPUT_DIRECTORY       = \"${PROJECT_BINARY_DIR}/docs\"\n"
    "GENERATE_TAGFILE       = \"${PROJECT_BINARY_DIR}/docs/amicpp.tag\"\n")

add_custom_target(amicpp_docs
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${PROJECT_BINARY_DIR}/docs"
    COMMAND Doxygen::doxygen "${_amicpp_doxyfile}"
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    COMMENT "Doxygen: amicpp API reference in ${PROJECT_BINARY_DIR}/docs/html"
    VERBATIM)
unset(_amicpp_doxyfile)
