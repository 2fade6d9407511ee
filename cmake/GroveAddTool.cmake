# grove_add_tool(): builds a Grove tool — the shared library, its generated grove-tool.json
# manifest, its QML compiled into the library's resources and its protobuf code — and installs it.
#
#   grove_add_tool(<target>
#     ID <reverse.dns.id>            e.g. org.grove.discussion (also the QML module URI)
#     NAME <display name>            e.g. "Discussion"
#     VERSION <x.y.z>                the tool's version
#     [COMPAT_VERSION <x.y.z>]       oldest version this one stands in for (default: VERSION)
#     [DESCRIPTION <text>] [PUBLISHER <text>] [ICON <file>]
#     [SOURCES <files>...]           C++ sources; one of them uses GROVE_TOOL_EXPORT(YourTool)
#     [QML_FILES <files>...]         compiled into the library, served at qrc:/<id as path>/<name>
#     [RESOURCES <files>...]         other files for the QML module (images, …)
#     [VIEWS <id>=<File.qml>...]     the views (default: main=<first QML file>)
#     [PROTOS <files>...] [PROTO_IMPORT_DIRS <dirs>...] [GRPC]
#                                    protobuf code (and gRPC stubs with GRPC) for the tool
#     [SERVICES <full.grpc.Service>...]  gRPC services the tool provides (listed in the manifest)
#     [LINK_LIBRARIES <libs>...]
#     [OUTPUT_DIRECTORY <dir>]       build output parent (default ${GROVE_TOOL_OUTPUT_DIRECTORY},
#                                    else ${CMAKE_BINARY_DIR}/lib/grove/tools)
#     [INSTALL_DESTINATION <dir>]    install parent (default ${CMAKE_INSTALL_LIBDIR}/grove/tools)
#     [INSTALL_COMPONENT <name>] [NO_INSTALL])
#
# The library (a MODULE: loaded with dlopen, never linked against) and its manifest land in
# <OUTPUT_DIRECTORY>/<ID>/ and install into <INSTALL_DESTINATION>/<ID>/: the layout the Grove
# tool host searches. The library also records the Qt and protobuf versions it was built with
# (entry points grove_tool_qt_version / grove_tool_protobuf_version); the host refuses a build
# whose versions it cannot run with.
#
#   grove_tool_protos(<target> PROTOS <files>... [IMPORT_DIRS <dirs>...] [GRPC])
#
# The protobuf (and with GRPC the gRPC) code generation grove_add_tool(PROTOS …) does, for any
# target — e.g. a static library holding a tool's code so that tests can use it without the host.
# The generated headers are on the target's PUBLIC include path; it links protobuf (and gRPC).
# Test hooks (for the host's own fixture tools): SDK_ABI <n> writes another ABI number into the
# manifest; MANIFEST_OVERRIDE <file> uses a hand-written manifest instead of generating one;
# BUILT_WITH_QT <QT_VERSION> and BUILT_WITH_PROTOBUF <GOOGLE_PROTOBUF_VERSION> record other
# versions than the build's.

include_guard(GLOBAL)
include(GNUInstallDirs)

function(_grove_json_string out value)
  string(REPLACE "\\" "\\\\" value "${value}")
  string(REPLACE "\"" "\\\"" value "${value}")
  string(REPLACE "\n" "\\n" value "${value}")
  string(REPLACE "\t" "\\t" value "${value}")
  set(${out} "\"${value}\"" PARENT_SCOPE)
endfunction()

function(grove_tool_protos target)
  cmake_parse_arguments(PARSE_ARGV 1 P "GRPC" "" "PROTOS;IMPORT_DIRS")
  if(P_UNPARSED_ARGUMENTS OR NOT P_PROTOS)
    message(FATAL_ERROR "grove_tool_protos(${target} PROTOS <files>... [IMPORT_DIRS <dirs>...] "
      "[GRPC]): got ${ARGN}")
  endif()
  if(NOT TARGET protobuf::libprotobuf)
    find_package(Protobuf REQUIRED)
  endif()
  if(NOT P_IMPORT_DIRS)
    set(P_IMPORT_DIRS ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
  set(proto_out ${CMAKE_CURRENT_BINARY_DIR}/${target}_proto)
  file(MAKE_DIRECTORY ${proto_out})
  protobuf_generate(TARGET ${target} LANGUAGE cpp PROTOS ${P_PROTOS} OUT_VAR generated
    IMPORT_DIRS ${P_IMPORT_DIRS} PROTOC_OUT_DIR ${proto_out})
  target_link_libraries(${target} PUBLIC protobuf::libprotobuf)
  if(P_GRPC)
    if(NOT TARGET gRPC::grpc_cpp_plugin)
      find_package(gRPC CONFIG REQUIRED)
    endif()
    get_target_property(grpc_plugin gRPC::grpc_cpp_plugin LOCATION)
    protobuf_generate(TARGET ${target} LANGUAGE grpc PROTOS ${P_PROTOS} OUT_VAR generated_grpc
      GENERATE_EXTENSIONS .grpc.pb.h .grpc.pb.cc
      PLUGIN "protoc-gen-grpc=${grpc_plugin}"
      IMPORT_DIRS ${P_IMPORT_DIRS} PROTOC_OUT_DIR ${proto_out})
    list(APPEND generated ${generated_grpc})
    target_link_libraries(${target} PUBLIC gRPC::grpc++)
  endif()
  # Generated code is not ours to warn about.
  set_source_files_properties(${generated} PROPERTIES COMPILE_OPTIONS "-w" SKIP_AUTOGEN ON)
  target_include_directories(${target} PUBLIC ${proto_out})
endfunction()

# Whether `target` links protobuf, directly or through the targets it links (depth-first).
function(_grove_links_protobuf out target)
  set(found FALSE)
  set(pending ${target})
  set(seen "")
  while(pending AND NOT found)
    list(POP_FRONT pending current)
    if(current IN_LIST seen OR NOT TARGET ${current})
      continue()
    endif()
    list(APPEND seen ${current})
    get_target_property(aliased ${current} ALIASED_TARGET)
    if(aliased)
      set(current ${aliased})
    endif()
    get_target_property(type ${current} TYPE)
    set(links "")
    if(NOT type STREQUAL "INTERFACE_LIBRARY")
      get_target_property(direct ${current} LINK_LIBRARIES)
      if(direct)
        list(APPEND links ${direct})
      endif()
    endif()
    get_target_property(interface ${current} INTERFACE_LINK_LIBRARIES)
    if(interface)
      list(APPEND links ${interface})
    endif()
    foreach(link IN LISTS links)
      if(link MATCHES "^protobuf::libprotobuf$|^protobuf::libprotobuf-lite$")
        set(found TRUE)
      elseif(TARGET ${link})
        list(APPEND pending ${link})
      endif()
    endforeach()
  endwhile()
  set(${out} ${found} PARENT_SCOPE)
endfunction()

function(grove_add_tool target)
  set(options GRPC NO_INSTALL)
  set(one ID NAME VERSION COMPAT_VERSION DESCRIPTION PUBLISHER ICON OUTPUT_DIRECTORY
      INSTALL_DESTINATION INSTALL_COMPONENT SDK_ABI MANIFEST_OVERRIDE BUILT_WITH_QT
      BUILT_WITH_PROTOBUF)
  set(multi SOURCES QML_FILES RESOURCES VIEWS PROTOS PROTO_IMPORT_DIRS SERVICES LINK_LIBRARIES)
  cmake_parse_arguments(PARSE_ARGV 1 T "${options}" "${one}" "${multi}")
  if(T_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "grove_add_tool(${target}): unknown arguments ${T_UNPARSED_ARGUMENTS}")
  endif()
  foreach(required ID NAME VERSION)
    if(NOT T_${required})
      message(FATAL_ERROR "grove_add_tool(${target}): ${required} is required")
    endif()
  endforeach()
  set(id_regex "^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)+$")
  if(NOT T_ID MATCHES "${id_regex}")
    message(FATAL_ERROR "grove_add_tool(${target}): ID '${T_ID}' must be reverse-DNS "
      "(dot-separated identifiers, e.g. org.example.checklist)")
  endif()
  if(NOT T_COMPAT_VERSION)
    set(T_COMPAT_VERSION ${T_VERSION})
  endif()
  set(version_regex "^[0-9]+(\\.[0-9]+(\\.[0-9]+)?)?(-[0-9A-Za-z.-]+)?$")
  foreach(v VERSION COMPAT_VERSION)
    if(NOT T_${v} MATCHES "${version_regex}")
      message(FATAL_ERROR "grove_add_tool(${target}): ${v} '${T_${v}}' is not a semantic version")
    endif()
  endforeach()
  if(NOT DEFINED T_SDK_ABI)
    set(T_SDK_ABI ${GROVE_SDK_ABI_VERSION})
  endif()
  if(NOT T_SDK_ABI MATCHES "^[0-9]+$")
    message(FATAL_ERROR "grove_add_tool(${target}): no SDK ABI (is GROVE_SDK_ABI_VERSION set?)")
  endif()
  if(NOT T_OUTPUT_DIRECTORY)
    if(GROVE_TOOL_OUTPUT_DIRECTORY)
      set(T_OUTPUT_DIRECTORY ${GROVE_TOOL_OUTPUT_DIRECTORY})
    else()
      set(T_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib/grove/tools)
    endif()
  endif()
  if(NOT T_INSTALL_DESTINATION)
    set(T_INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/grove/tools)
  endif()
  if(NOT T_INSTALL_COMPONENT)
    set(T_INSTALL_COMPONENT tools)
  endif()
  set(tool_dir ${T_OUTPUT_DIRECTORY}/${T_ID})

  # ---- the library ----
  if(NOT TARGET Qt6::Core)
    find_package(Qt6 6.4 REQUIRED COMPONENTS Core)
  endif()
  set(CMAKE_AUTOMOC ON)
  add_library(${target} MODULE ${T_SOURCES})
  set_target_properties(${target} PROPERTIES
    AUTOMOC ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${tool_dir})
  target_compile_features(${target} PRIVATE cxx_std_20)
  target_compile_definitions(${target} PRIVATE GROVE_TOOL_MANIFEST_ABI=${T_SDK_ABI}
    GROVE_TOOL_ID="${T_ID}")
  target_link_libraries(${target} PRIVATE Grove::sdk Qt6::Core ${CMAKE_DL_LIBS} ${T_LINK_LIBRARIES})

  # ---- protobuf and gRPC code ----
  if(T_PROTOS)
    set(grpc_option "")
    if(T_GRPC)
      set(grpc_option GRPC)
    endif()
    grove_tool_protos(${target} PROTOS ${T_PROTOS} IMPORT_DIRS ${T_PROTO_IMPORT_DIRS}
      ${grpc_option})
  endif()

  # ---- QML, compiled into the library's resources ----
  string(REPLACE "." "/" uri_path "${T_ID}")
  set(view_json "")
  if(T_QML_FILES)
    if(NOT TARGET Qt6::Qml)
      find_package(Qt6 6.4 REQUIRED COMPONENTS Qml)
    endif()
    foreach(file IN LISTS T_QML_FILES T_RESOURCES)
      get_filename_component(alias ${file} NAME)
      set_source_files_properties(${file} PROPERTIES QT_RESOURCE_ALIAS ${alias})
    endforeach()
    string(REGEX MATCH "^[0-9]+\\.[0-9]+" module_version "${T_VERSION}.0")
    # Grove.Kit's qmldir and type information, for qmllint and qmlcachegen (the module itself
    # comes from the host at run time).
    set(import_path_option "")
    if(GROVE_QML_IMPORT_DIR)
      set(import_path_option IMPORT_PATH ${GROVE_QML_IMPORT_DIR})
    endif()
    qt_add_qml_module(${target}
      URI ${T_ID}
      VERSION ${module_version}
      NO_PLUGIN
      RESOURCE_PREFIX /
      OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/${target}_qml/${uri_path}
      QML_FILES ${T_QML_FILES}
      RESOURCES ${T_RESOURCES}
      ${import_path_option})
    target_link_libraries(${target} PRIVATE Qt6::Qml)
    if(NOT T_VIEWS)
      list(GET T_QML_FILES 0 first)
      get_filename_component(first ${first} NAME)
      set(T_VIEWS "main=${first}")
    endif()
    set(separator "")
    foreach(view IN LISTS T_VIEWS)
      if(NOT view MATCHES "^([A-Za-z0-9_-]+)=(.+)$")
        message(FATAL_ERROR "grove_add_tool(${target}): VIEWS entry '${view}' is not id=File.qml")
      endif()
      set(view_id ${CMAKE_MATCH_1})
      set(view_file ${CMAKE_MATCH_2})
      if(view_id STREQUAL "main")
        set(view_name "${T_NAME}")
      else()
        set(view_name "${view_id}")
      endif()
      _grove_json_string(j_view_id "${view_id}")
      _grove_json_string(j_view_name "${view_name}")
      _grove_json_string(j_view_url "qrc:/${uri_path}/${view_file}")
      string(APPEND view_json "${separator}\n    {\"id\": ${j_view_id}, \"name\": ${j_view_name}, \"url\": ${j_view_url}}")
      set(separator ",")
    endforeach()
    if(view_json)
      string(APPEND view_json "\n  ")
    endif()
  elseif(T_VIEWS)
    message(FATAL_ERROR "grove_add_tool(${target}): VIEWS needs QML_FILES")
  endif()

  # ---- the manifest, generated from the arguments above ----
  set(icon_name "")
  if(T_ICON)
    get_filename_component(icon_name ${T_ICON} NAME)
    get_filename_component(icon_path ${T_ICON} ABSOLUTE)
    configure_file(${icon_path} ${tool_dir}/${icon_name} COPYONLY)
  endif()
  set(services_json "")
  set(separator "")
  foreach(service IN LISTS T_SERVICES)
    _grove_json_string(j_service "${service}")
    string(APPEND services_json "${separator}${j_service}")
    set(separator ", ")
  endforeach()
  foreach(field ID NAME VERSION COMPAT_VERSION DESCRIPTION PUBLISHER)
    _grove_json_string(j_${field} "${T_${field}}")
  endforeach()
  _grove_json_string(j_icon "${icon_name}")
  set(manifest ${tool_dir}/grove-tool.json)
  if(T_MANIFEST_OVERRIDE)
    get_filename_component(override ${T_MANIFEST_OVERRIDE} ABSOLUTE)
    file(GENERATE OUTPUT ${manifest} INPUT ${override})
  else()
    file(GENERATE OUTPUT ${manifest} CONTENT "{
  \"manifestVersion\": 1,
  \"id\": ${j_ID},
  \"name\": ${j_NAME},
  \"description\": ${j_DESCRIPTION},
  \"publisher\": ${j_PUBLISHER},
  \"version\": ${j_VERSION},
  \"compatVersion\": ${j_COMPAT_VERSION},
  \"sdkAbi\": ${T_SDK_ABI},
  \"library\": \"$<TARGET_FILE_NAME:${target}>\",
  \"icon\": ${j_icon},
  \"views\": [${view_json}],
  \"services\": [${services_json}]
}
")
  endif()
  set_target_properties(${target} PROPERTIES GROVE_TOOL_ID ${T_ID} GROVE_TOOL_DIRECTORY ${tool_dir})

  # ---- the Qt and protobuf versions the library is built with, for the host to check ----
  # protobuf only when the tool links it (its messages and descriptors then share the host's
  # process-wide protobuf runtime).
  _grove_links_protobuf(uses_protobuf ${target})
  set(versions_source ${CMAKE_CURRENT_BINARY_DIR}/${target}_build_versions.cpp)
  set(protobuf_include "")
  set(protobuf_version 0)
  if(uses_protobuf)
    set(protobuf_include "#include <google/protobuf/stubs/common.h>")
    set(protobuf_version GOOGLE_PROTOBUF_VERSION)
  endif()
  if(T_BUILT_WITH_PROTOBUF)
    set(protobuf_version ${T_BUILT_WITH_PROTOBUF})
  endif()
  set(qt_version QT_VERSION)
  if(T_BUILT_WITH_QT)
    set(qt_version ${T_BUILT_WITH_QT})
  endif()
  file(GENERATE OUTPUT ${versions_source} CONTENT "// Generated by grove_add_tool(): the versions ${T_ID} is built with.
#include <QtGlobal>
#include <boost/dll/alias.hpp>
#include <cstdint>
${protobuf_include}

namespace grove_tool_build_versions {
inline std::uint32_t qt_version() { return ${qt_version}; }
inline std::uint32_t protobuf_version() { return ${protobuf_version}; }
}  // namespace grove_tool_build_versions
BOOST_DLL_ALIAS(grove_tool_build_versions::qt_version, grove_tool_qt_version)
BOOST_DLL_ALIAS(grove_tool_build_versions::protobuf_version, grove_tool_protobuf_version)
")
  target_sources(${target} PRIVATE ${versions_source})
  set_source_files_properties(${versions_source} PROPERTIES SKIP_AUTOGEN ON)

  # ---- install into <prefix>/<INSTALL_DESTINATION>/<ID>/ ----
  if(NOT T_NO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION ${T_INSTALL_DESTINATION}/${T_ID}
      COMPONENT ${T_INSTALL_COMPONENT})
    install(FILES ${manifest} DESTINATION ${T_INSTALL_DESTINATION}/${T_ID}
      COMPONENT ${T_INSTALL_COMPONENT})
    if(T_ICON)
      install(FILES ${tool_dir}/${icon_name} DESTINATION ${T_INSTALL_DESTINATION}/${T_ID}
        COMPONENT ${T_INSTALL_COMPONENT})
    endif()
  endif()
endfunction()
