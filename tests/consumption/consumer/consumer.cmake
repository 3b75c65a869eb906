# Shared by the CMake consumer projects: amicpp_add_consumer(<target> <mode> <source> <libs>...)
# builds <source> into bin/<target>, in every configuration (the generator expression stops
# multi-configuration generators from adding a per-configuration folder).
function(amicpp_add_consumer target mode source)
    add_executable(${target} "${source}")
    target_link_libraries(${target} PRIVATE ${ARGN})
    target_compile_definitions(${target} PRIVATE AMICPP_CONSUMER_MODE="${mode}")
    set_target_properties(${target} PROPERTIES
        RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bin$<0:>")
endfunction()
