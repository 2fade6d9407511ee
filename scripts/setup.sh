#!/usr/bin/env bash
# Installs every Debian 12 package Grove needs to build, run and test (compiler and CMake included).
# Idempotent: when everything is present it only checks and returns in about a second.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git ca-certificates
  # libraries
  libqrencode-dev libsodium-dev libsqlite3-dev libprotobuf-dev protobuf-compiler libgrpc++-dev protobuf-compiler-grpc
  libboost-dev libboost-filesystem-dev libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev libcmark-dev libical-dev libre2-dev zlib1g-dev
  # voice calls: Opus, Qt Multimedia devices, echo cancellation / noise suppression; speech
  # synthesis and resampling for the call tests
  libopus-dev qt6-multimedia-dev libwebrtc-audio-processing-dev espeak-ng sox
  # fuzzing (scripts/fuzz.sh): clang with libFuzzer and the sanitizer runtimes, llvm-symbolizer
  clang libclang-rt-14-dev llvm-14
  # Qt 6 and the QML runtime modules the app and tools import
  qt6-base-dev qt6-declarative-dev qt6-svg-dev libgl-dev
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml-workerscript
  qml6-module-qtqml-models qml6-module-qtquick-dialogs qml6-module-qtquick-shapes
  qml6-module-qttest qml6-module-qtcore qml6-module-qt-labs-settings qml6-module-qt-labs-platform
  # integration tests drive the API from Python like an integrator would
  python3 python3-grpcio python3-protobuf
  # the API's TLS tests generate throwaway certificates
  openssl
  # headless screenshots and fonts for the app
  fonts-dejavu-core
  # services (sd_notify) and the Debian packages (scripts/package.sh): dpkg-shlibdeps, lintian
  libsystemd-dev dpkg-dev lintian desktop-file-utils appstream
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages: ${missing[*]}" >&2
    echo "setup: run as root (or install them with apt-get)" >&2
    exit 1
  fi
  echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: all packages present"
