# Fails when the checked-in golden inventory differs from what the registry generates, printing
# the diff and the command that regenerates it. Run by ctest (see CMakeLists.txt).
execute_process(COMMAND ${INVENTORY} OUTPUT_VARIABLE generated RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${INVENTORY} failed (${status})")
endif()
file(READ ${GOLDEN} golden)
if(generated STREQUAL golden)
  return()
endif()
set(fresh ${CMAKE_CURRENT_BINARY_DIR}/conformance.generated.yaml)
file(WRITE ${fresh} "${generated}")
message("suites/conformance.yaml is out of date with the check registry:")
execute_process(COMMAND diff -u ${GOLDEN} ${fresh})
message(FATAL_ERROR "Review the change, then regenerate the golden file:\n"
        "  ${INVENTORY} > ${GOLDEN}")
