# The out-of-tree sample, end to end: install the SDK component of this build to a temporary
# prefix, configure and build samples/checklist against it with find_package(GroveSDK), install
# the tool to another prefix, and load it through the host with GROVE_TOOL_PATH.
#   cmake -DGROVE_BUILD_DIR=… -DSAMPLE_SOURCE_DIR=… -DWORK_DIR=… -DHOST_TEST=… -DGENERATOR=… -P this
foreach(var GROVE_BUILD_DIR SAMPLE_SOURCE_DIR WORK_DIR HOST_TEST GENERATOR)
  if(NOT ${var})
    message(FATAL_ERROR "${var} is required")
  endif()
endforeach()

file(REMOVE_RECURSE ${WORK_DIR})
set(sdk_prefix ${WORK_DIR}/sdk)
set(sample_build ${WORK_DIR}/build)
set(tool_prefix ${WORK_DIR}/tools)

function(step name)
  message(STATUS "sample: ${name}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "sample: ${name} failed (${result})")
  endif()
endfunction()

step("install the Grove SDK to ${sdk_prefix}"
  ${CMAKE_COMMAND} --install ${GROVE_BUILD_DIR} --component sdk --prefix ${sdk_prefix})
if(NOT EXISTS ${sdk_prefix}/include/grove/sdk/tool.h)
  message(FATAL_ERROR "sample: the SDK install lacks include/grove/sdk/tool.h")
endif()
file(GLOB_RECURSE sdk_config ${sdk_prefix}/*/GroveSDKConfig.cmake)
if(NOT sdk_config)
  message(FATAL_ERROR "sample: the SDK install lacks GroveSDKConfig.cmake")
endif()
file(GLOB_RECURSE kit_qmldir ${sdk_prefix}/*/Grove/Kit/qmldir)
if(NOT kit_qmldir)
  message(FATAL_ERROR "sample: the SDK install lacks Grove.Kit's qmldir (grove/qml/Grove/Kit)")
endif()
# Nothing of the Grove source or build tree may be visible to the sample: only the prefix.
step("configure the sample against the installed SDK"
  ${CMAKE_COMMAND} -S ${SAMPLE_SOURCE_DIR} -B ${sample_build} -G ${GENERATOR}
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_PREFIX_PATH=${sdk_prefix} -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON)
step("build the sample" ${CMAKE_COMMAND} --build ${sample_build} -j2)
step("install the sample to ${tool_prefix}" ${CMAKE_COMMAND} --install ${sample_build} --prefix ${tool_prefix})
file(GLOB_RECURSE manifest ${tool_prefix}/*/grove-tool.json)
if(NOT manifest)
  message(FATAL_ERROR "sample: no grove-tool.json was installed")
endif()
list(GET manifest 0 manifest)
get_filename_component(tool_dir ${manifest} DIRECTORY)
get_filename_component(tools_root ${tool_dir} DIRECTORY)
step("load and use it through the host (GROVE_TOOL_PATH=${tools_root})"
  ${CMAKE_COMMAND} -E env GROVE_TOOL_PATH=${tools_root} QT_QPA_PLATFORM=offscreen ${HOST_TEST})
