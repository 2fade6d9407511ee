# CPack (DEB): one Debian package per install component group — grove (the desktop app and the
# built-in tools), groved, grovectl, grove-relay and grove-sdk. scripts/package.sh drives it.
# Library dependencies come from dpkg-shlibdeps; what the loader cannot see (QML modules the app
# imports at run time, the SDK's build dependencies) is listed here.

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME grove)
set(CPACK_PACKAGE_VENDOR "The Grove authors")
set(CPACK_PACKAGE_CONTACT "${GROVE_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${GROVE_HOMEPAGE}")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

# Components → packages. Anything installed into another component is left out.
set(CPACK_COMPONENTS_ALL app tools groved grovectl relay sdk)
set(CPACK_COMPONENTS_GROUPING ONE_PER_GROUP)
set(CPACK_COMPONENT_APP_GROUP grove)
set(CPACK_COMPONENT_TOOLS_GROUP grove)
set(CPACK_COMPONENT_GROVED_GROUP groved)
set(CPACK_COMPONENT_GROVECTL_GROUP grovectl)
set(CPACK_COMPONENT_RELAY_GROUP grove-relay)
set(CPACK_COMPONENT_SDK_GROUP grove-sdk)

set(CPACK_DEBIAN_GROVE_PACKAGE_NAME grove)
set(CPACK_DEBIAN_GROVE_PACKAGE_SECTION net)
set(CPACK_DEBIAN_GROVE_DESCRIPTION "peer-to-peer workspaces: desktop app and built-in tools
Grove keeps a team's work in encrypted spaces replicated directly among the
members' devices, with relays that store and forward for members who are
offline.
.
This package holds the Qt Quick desktop app and the built-in tools
(Discussion, Files, Notepad), which groved serves as well.")
# The QML modules the app and the tools import: loaded by the QML engine, invisible to
# dpkg-shlibdeps.
set(CPACK_DEBIAN_GROVE_PACKAGE_DEPENDS "qml6-module-qtquick, qml6-module-qtquick-controls, \
qml6-module-qtquick-layouts, qml6-module-qtquick-window, qml6-module-qtquick-templates, \
qml6-module-qtqml-workerscript, qml6-module-qtqml-models, qml6-module-qtquick-dialogs, \
qml6-module-qtquick-shapes, qml6-module-qtcore, qml6-module-qt-labs-settings, \
qml6-module-qt-labs-platform, libqt6svg6")
set(CPACK_DEBIAN_GROVE_PACKAGE_RECOMMENDS "grovectl")

set(CPACK_DEBIAN_GROVED_PACKAGE_NAME groved)
set(CPACK_DEBIAN_GROVED_DESCRIPTION "Grove peer, headless (daemon)
groved is one account's Grove peer without a display: it replicates the
account's spaces with other peers and relays and serves the local gRPC API
(grove.api.v1) that grovectl and integrations use. A systemd user unit
(groved.service) runs it.
.
The built-in tools' services come from the grove package.")
set(CPACK_DEBIAN_GROVED_PACKAGE_RECOMMENDS "grovectl")
set(CPACK_DEBIAN_GROVED_PACKAGE_SUGGESTS "grove")

set(CPACK_DEBIAN_GROVECTL_PACKAGE_NAME grovectl)
set(CPACK_DEBIAN_GROVECTL_DESCRIPTION "Grove command line
grovectl drives a Grove peer (groved or the desktop app) over its local gRPC
API: accounts, spaces, chat, invitations, members, devices, tools and API
tokens. It also makes, checks and restores encrypted profile backups.")

set(CPACK_DEBIAN_GROVE-RELAY_PACKAGE_NAME grove-relay)
set(CPACK_DEBIAN_GROVE-RELAY_DESCRIPTION "Grove relay: store and forward for offline devices
grove-relay stores the sealed deltas Grove devices send and forwards them to
the members' other devices when they come online. It never holds a space key.
A hardened systemd unit (grove-relay.service, not enabled on install) runs
it.")
set(CPACK_DEBIAN_GROVE-RELAY_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/packaging/debian/grove-relay/postinst
  ${PROJECT_SOURCE_DIR}/packaging/debian/grove-relay/prerm
  ${PROJECT_SOURCE_DIR}/packaging/debian/grove-relay/postrm)
set(CPACK_DEBIAN_GROVE-RELAY_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_GROVE-SDK_PACKAGE_NAME grove-sdk)
set(CPACK_DEBIAN_GROVE-SDK_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_GROVE-SDK_DESCRIPTION "Grove SDK: build tools for Grove
The headers, the CMake package (find_package(GroveSDK), grove_add_tool())
and the protobuf definitions of the local API (grove.api.v1) that third-party
Grove tools and API clients build against.")
# What grove_add_tool() builds with: Qt 6 (QML), protobuf, Boost.DLL's headers.
set(CPACK_DEBIAN_GROVE-SDK_PACKAGE_DEPENDS "libboost-dev (>= 1.74), qt6-base-dev (>= 6.4), \
qt6-declarative-dev (>= 6.4), libprotobuf-dev, protobuf-compiler")
set(CPACK_DEBIAN_GROVE-SDK_PACKAGE_RECOMMENDS "cmake (>= 3.25), g++ (>= 4:12), libgrpc++-dev, \
protobuf-compiler-grpc, grove")

include(CPack)
