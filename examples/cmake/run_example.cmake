# Runs one example (cmake -P, from CTest): -DPROGRAM=<path> -DARGS=<a|b|c> -DEXPECTED_EXIT=<n>
# -DEXPECTED_OUTPUT=<regex>. Fails unless the exit code is <n> and stdout+stderr match <regex>.
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND "${PROGRAM}" ${args}
                RESULT_VARIABLE exit_code
                OUTPUT_VARIABLE output
                ERROR_VARIABLE output
                TIMEOUT 50)
message("${output}")
if(NOT exit_code STREQUAL "${EXPECTED_EXIT}")
    message(FATAL_ERROR "exit code ${exit_code}, expected ${EXPECTED_EXIT}")
endif()
if(NOT output MATCHES "${EXPECTED_OUTPUT}")
    message(FATAL_ERROR "the output does not match '${EXPECTED_OUTPUT}'")
endif()
